package io.headway.events;

/** Severity of a log line, detected from its text when the job does not say. */
public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
}
