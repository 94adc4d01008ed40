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
    public static final int MAX_TEXT = Require.MAX_TEXT;

    /** A line's text cut to {@code maxLength} characters, with a note of how much was cut. */
    public static String capped(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        // The marker counts in the length, so what comes out is never longer than maxLength.
        int keep = Math.max(0, maxLength - marker(text.length()).length());
        return text.substring(0, keep) + marker(text.length() - keep);
    }

    private static String marker(int cut) {
        return " …[" + cut + " more characters]";
    }
}
