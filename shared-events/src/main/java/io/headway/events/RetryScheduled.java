package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An attempt failed in a way worth retrying; attempt {@code attempt} starts after {@code delayMs}. A failure that
 * will not be retried is a {@link JobFailed} instead.
 *
 * @param attempt the number of the attempt that will run next
 */
public record RetryScheduled(
        UUID eventId, String jobId, Instant occurredAt, String source,
        int attempt, long delayMs, String cause) implements ProgressEvent {

    public RetryScheduled {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.attempt(attempt);
        Require.notNegative(delayMs, "delayMs");
        Require.optionalText(cause, "cause");
    }
}
