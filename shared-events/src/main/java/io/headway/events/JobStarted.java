package io.headway.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An attempt of the job began. Attempt numbers start at 1; a retry or a failover starts the next one, and progress
 * starts afresh for it.
 *
 * @param executorId the executor instance running it, or the reporter for an external job
 * @param stages     the stage plan of this attempt (from the job template); empty keeps the plan already known
 */
public record JobStarted(
        UUID eventId, String jobId, Instant occurredAt, String source,
        int attempt, String executorId, List<StagePlan> stages) implements ProgressEvent {

    public JobStarted {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.attempt(attempt);
        Require.optionalName(executorId, "executorId");
        stages = Require.stages(stages);
    }
}
