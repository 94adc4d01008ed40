package io.headway.executor.output;

import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import java.util.regex.Pattern;

/** Turns raw output lines into log lines: a level detected from the text, and a cap on length. */
public final class LogLines {

    private static final Pattern ERROR = Pattern.compile("\\b(ERROR|FATAL|SEVERE|CRITICAL|Exception|FAILED)\\b");
    private static final Pattern WARN = Pattern.compile("\\b(WARN|WARNING)\\b");
    private static final Pattern DEBUG = Pattern.compile("\\bDEBUG\\b");
    private static final Pattern TRACE = Pattern.compile("\\bTRACE\\b");

    private final int maxLength;

    public LogLines(int maxLength) {
        this.maxLength = maxLength;
    }

    /** The level a line's own words give it; INFO when they say nothing. */
    public static LogLevel level(String line) {
        if (ERROR.matcher(line).find()) {
            return LogLevel.ERROR;
        }
        if (WARN.matcher(line).find()) {
            return LogLevel.WARN;
        }
        if (DEBUG.matcher(line).find()) {
            return LogLevel.DEBUG;
        }
        return TRACE.matcher(line).find() ? LogLevel.TRACE : LogLevel.INFO;
    }

    /** The line, cut to the cap with a note of how much was cut. */
    public String capped(String line) {
        return LogLine.capped(line, maxLength);
    }
}
