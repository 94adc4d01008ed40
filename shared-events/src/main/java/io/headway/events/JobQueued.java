package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The job waits on an executor: it is {@code position} of {@code waiting} jobs there, by priority. Sent when it is
 * taken in and whenever its position changes, until it starts.
 */
public record JobQueued(
        UUID eventId, String jobId, Instant occurredAt, String source,
        int position, int waiting, String executorId) implements ProgressEvent {

    public JobQueued {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.optionalName(executorId, "executorId");
        if (position < 1 || waiting < position) {
            throw new IllegalArgumentException("expected 1 <= position <= waiting, was " + position + " of " + waiting);
        }
    }
}
