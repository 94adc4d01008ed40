package io.headway.events;

/** What a user can ask of a job that is queued or running. */
public enum ControlAction {
    CANCEL,
    PAUSE,
    RESUME
}
