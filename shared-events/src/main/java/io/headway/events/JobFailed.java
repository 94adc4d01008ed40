package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The job failed and will not be retried. Terminal.
 *
 * @param exitCode  the process's exit code, when there was a process
 * @param retryable whether the cause was of a retryable kind (the attempts may simply have run out)
 */
public record JobFailed(
        UUID eventId, String jobId, Instant occurredAt, String source,
        String error, Integer exitCode, boolean retryable) implements ProgressEvent {

    public JobFailed {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.text(error, "error");
    }
}
