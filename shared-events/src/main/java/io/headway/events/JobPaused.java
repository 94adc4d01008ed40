package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/** The job's processes are stopped; they keep their memory and continue on {@link JobResumed}. */
public record JobPaused(UUID eventId, String jobId, Instant occurredAt, String source) implements ProgressEvent {

    public JobPaused {
        Require.envelope(eventId, jobId, occurredAt, source);
    }
}
