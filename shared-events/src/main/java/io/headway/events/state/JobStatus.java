package io.headway.events.state;

/** Where a job is in its life. The last four are terminal: once there, a job never leaves. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    PAUSED,
    RETRYING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    TIMED_OUT;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
    }
}
