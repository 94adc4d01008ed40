package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/** A paused job runs again. */
public record JobResumed(UUID eventId, String jobId, Instant occurredAt, String source) implements ProgressEvent {

    public JobResumed {
        Require.envelope(eventId, jobId, occurredAt, source);
    }
}
