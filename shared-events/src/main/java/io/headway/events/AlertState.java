package io.headway.events;

/** An alert opens when raised and closes when resolved. */
public enum AlertState {
    RAISED,
    RESOLVED
}
