package io.headway.events;

/** How urgently someone should look. */
public enum AlertSeverity {
    INFO,
    WARNING,
    CRITICAL
}
