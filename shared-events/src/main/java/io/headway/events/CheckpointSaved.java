package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The job saved a point it can resume from. The value is the job's own (an offset, a file name, a cursor); the
 * executor hands the latest one to the next attempt.
 */
public record CheckpointSaved(
        UUID eventId, String jobId, Instant occurredAt, String source,
        String checkpoint, String stage) implements ProgressEvent {

    public CheckpointSaved {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.text(checkpoint, "checkpoint");
        Require.optionalName(stage, "stage");
    }
}
