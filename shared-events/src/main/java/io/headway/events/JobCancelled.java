package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/** The job was cancelled, before or while running. Terminal; its logs and partial counters are kept. */
public record JobCancelled(
        UUID eventId, String jobId, Instant occurredAt, String source,
        String reason, String cancelledBy) implements ProgressEvent {

    public JobCancelled {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.optionalText(reason, "reason");
        Require.optionalName(cancelledBy, "cancelledBy");
    }
}
