package io.headway.events.state;

/** Where one stage of a job is. */
public enum StageStatus {
    PENDING,
    RUNNING,
    COMPLETED
}
