package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/** The job ran past its timeout and was stopped. Terminal. */
public record JobTimedOut(
        UUID eventId, String jobId, Instant occurredAt, String source, long timeoutMs) implements ProgressEvent {

    public JobTimedOut {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.notNegative(timeoutMs, "timeoutMs");
    }
}
