package io.headway.events;

import io.headway.events.state.JobState;
import java.time.Instant;
import java.util.Map;

/**
 * The work item on {@code headway.job-requests}: what an executor needs to run the job. Written in the same Kafka
 * transaction as the job's {@link JobSubmitted}, and again when the job is handed to another executor.
 *
 * @param timeoutMs   optional override of the template's timeout, within its limits
 * @param maxAttempts optional override of the template's retry attempts, within its limits
 * @param attempt     absent on a submission; on a request handed over from an executor that stopped or was lost, the
 *                    attempt to run next. Such a request is taken even while a reader's view of the job still names
 *                    the executor that held it: the handover is what says that executor is done with it
 */
public record JobRequest(
        String jobId, String tenant, String jobType, Map<String, String> parameters, int priority, String batchId,
        Map<String, String> labels, Long timeoutMs, Integer maxAttempts, Instant submittedAt, String submittedBy,
        Integer attempt) {

    public JobRequest {
        Require.text(jobId, "jobId");
        Require.text(tenant, "tenant");
        Require.text(jobType, "jobType");
        parameters = Require.map(parameters);
        labels = Require.map(labels);
        Require.present(submittedAt, "submittedAt");
        if (attempt != null) {
            Require.attempt(attempt);
        }
    }

    /** A submission's request. */
    public JobRequest(String jobId, String tenant, String jobType, Map<String, String> parameters, int priority,
            String batchId, Map<String, String> labels, Long timeoutMs, Integer maxAttempts, Instant submittedAt,
            String submittedBy) {
        this(jobId, tenant, jobType, parameters, priority, batchId, labels, timeoutMs, maxAttempts, submittedAt,
                submittedBy, null);
    }

    /** The same request, handed over for attempt {@code next}. */
    public JobRequest handedOver(int next) {
        return new JobRequest(jobId, tenant, jobType, parameters, priority, batchId, labels, timeoutMs, maxAttempts,
                submittedAt, submittedBy, next);
    }

    /**
     * The request again, from the job's state: what hands the job to another executor when the one that held it is
     * lost or stops. The state has everything the submission asked for.
     *
     * @param by who hands it over (the request's {@code submittedBy})
     */
    public static JobRequest again(JobState job, String by) {
        return new JobRequest(job.jobId(), job.tenant(), job.jobType(), job.parameters(), job.priority(), job.batchId(),
                job.labels(), job.timeoutMs(), job.maxAttempts(), job.submittedAt(), by);
    }
}
