package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A stage began. A stage missing from the plan is added to it with {@code weight} (1 when absent).
 */
public record StageStarted(
        UUID eventId, String jobId, Instant occurredAt, String source,
        String stage, Double weight) implements ProgressEvent {

    public StageStarted {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.name(stage, "stage");
        if (weight != null) {
            Require.weight(weight);
        }
    }
}
