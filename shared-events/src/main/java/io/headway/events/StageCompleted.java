package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/** A stage finished: its share of the overall progress is complete. */
public record StageCompleted(
        UUID eventId, String jobId, Instant occurredAt, String source, String stage) implements ProgressEvent {

    public StageCompleted {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.name(stage, "stage");
    }
}
