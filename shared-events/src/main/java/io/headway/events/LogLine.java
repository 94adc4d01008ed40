package io.headway.events;

import java.time.Instant;

/**
 * One line of a job's output.
 *
 * @param sequence increases by one per line within an attempt, so a reader can resume without gaps or duplicates
 */
public record LogLine(long sequence, Instant at, LogStream stream, LogLevel level, String text) {

    public LogLine {
        Require.notNegative(sequence, "sequence");
        Require.present(at, "at");
        Require.present(stream, "stream");
        Require.present(level, "level");
        Require.present(text, "text");
    }

    /** The longest line text kept unless a reporter is configured otherwise; the rest is cut. */
    public static final int MAX_TEXT = 4096;

    /** A line's text cut to {@code maxLength} characters, with a note of how much was cut. */
    public static String capped(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        return text.substring(0, maxLength) + " …[" + (text.length() - maxLength) + " more characters]";
    }
}
