package io.headway.gateway.domain;

import io.headway.events.LogLevel;
import io.headway.events.LogStream;
import java.time.Instant;
import java.util.List;

/**
 * Log lines an external job reports; the gateway numbers them.
 *
 * @param attempt the attempt they belong to, default 1
 */
public record ReportedLogs(Integer attempt, List<Line> lines) {

    public ReportedLogs {
        lines = lines == null ? List.of() : lines;
    }

    /** One line; level defaults to INFO, stream to STDOUT, at to the time it is received. */
    public record Line(String text, LogLevel level, LogStream stream, Instant at) {
    }
}
