package io.headway.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job was accepted. Names its tenant, which every later snapshot carries and every read is filtered by.
 *
 * @param jobType    the executor template it runs, or a free name for an external job
 * @param parameters the validated template parameters
 * @param priority   higher starts first among waiting jobs
 * @param batchId    optional: groups jobs submitted together
 * @param labels     free key/value labels to search and subscribe by
 * @param stages     optional stage plan with weights; an executor may declare it instead on {@link JobStarted}
 * @param external   true when code outside the platform runs the job and reports its own progress
 * @param timeoutMs  optional: the submission's override of the template's timeout, as on its {@link JobRequest}
 * @param maxAttempts optional: the submission's override of the template's attempts, as on its {@link JobRequest};
 *                   with these two the log holds everything needed to hand the job to another executor
 */
public record JobSubmitted(
        UUID eventId, String jobId, Instant occurredAt, String source,
        String tenant, String jobType, Map<String, String> parameters, int priority, String batchId,
        Map<String, String> labels, List<StagePlan> stages, boolean external, Long timeoutMs, Integer maxAttempts)
        implements ProgressEvent {

    public JobSubmitted {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.name(tenant, "tenant");
        Require.name(jobType, "jobType");
        parameters = Require.strings(parameters, "parameters");
        Require.optionalName(batchId, "batchId");
        labels = Require.strings(labels, "labels");
        stages = Require.stages(stages);
        if (timeoutMs != null) {
            Require.notNegative(timeoutMs, "timeoutMs");
        }
        if (maxAttempts != null) {
            Require.attempt(maxAttempts);
        }
    }

    /** A submission that overrides neither the timeout nor the attempts of its template. */
    public JobSubmitted(UUID eventId, String jobId, Instant occurredAt, String source, String tenant, String jobType,
            Map<String, String> parameters, int priority, String batchId, Map<String, String> labels,
            List<StagePlan> stages, boolean external) {
        this(eventId, jobId, occurredAt, source, tenant, jobType, parameters, priority, batchId, labels, stages,
                external, null, null);
    }
}
