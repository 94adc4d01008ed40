package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An attempt failed in a way worth retrying; attempt {@code attempt} starts after {@code delayMs}. A failure that
 * will not be retried is a {@link JobFailed} instead.
 *
 * @param attempt    the number of the attempt that will run next
 * @param executorId the executor that runs it, after the wait; absent when the job went back to the shared queue of
 *                   requests, for whichever executor is free (its executor was lost or stopped)
 */
public record RetryScheduled(
        UUID eventId, String jobId, Instant occurredAt, String source,
        int attempt, long delayMs, String cause, String executorId) implements ProgressEvent {

    public RetryScheduled {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.attempt(attempt);
        Require.notNegative(delayMs, "delayMs");
        Require.optionalText(cause, "cause");
        Require.optionalName(executorId, "executorId");
    }
}
