package io.headway.events;

/** An alert opens when raised, may be updated while its condition holds, and closes when resolved. */
public enum AlertState {
    RAISED,
    UPDATED,
    RESOLVED
}
