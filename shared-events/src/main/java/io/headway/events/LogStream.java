package io.headway.events;

/** Where a log line came from. */
public enum LogStream {
    STDOUT,
    STDERR,
    /** Sent by an external job over the API or the reporter. */
    REPORTED
}
