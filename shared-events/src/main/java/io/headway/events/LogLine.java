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
}
