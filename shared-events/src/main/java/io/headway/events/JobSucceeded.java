package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/** The job finished well. Terminal. */
public record JobSucceeded(
        UUID eventId, String jobId, Instant occurredAt, String source, String summary) implements ProgressEvent {

    public JobSucceeded {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.optionalText(summary, "summary");
    }
}
