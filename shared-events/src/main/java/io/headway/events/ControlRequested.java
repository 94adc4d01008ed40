package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/** Someone asked to cancel, pause or resume the job. What happened next is told by the executor's events. */
public record ControlRequested(
        UUID eventId, String jobId, Instant occurredAt, String source,
        ControlAction action, String reason, String requestedBy) implements ProgressEvent {

    public ControlRequested {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.present(action, "action");
        Require.optionalText(reason, "reason");
        Require.optionalName(requestedBy, "requestedBy");
    }
}
