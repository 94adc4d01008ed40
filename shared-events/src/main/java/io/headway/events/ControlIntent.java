package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The latest cancel, pause or resume asked for a job, on the compacted {@code headway.job-control} topic that every
 * executor reads as a table. A tombstone (null value) clears it once the job is terminal.
 */
public record ControlIntent(
        UUID intentId, String jobId, String tenant, ControlAction action, String reason, String requestedBy,
        Instant requestedAt) {

    public ControlIntent {
        Require.present(intentId, "intentId");
        Require.text(jobId, "jobId");
        Require.present(action, "action");
        Require.present(requestedAt, "requestedAt");
    }
}
