package io.headway.events;

import java.time.Instant;
import java.util.Map;

/**
 * The work item on {@code headway.job-requests}: what an executor needs to run the job. Written in the same Kafka
 * transaction as the job's {@link JobSubmitted}.
 *
 * @param timeoutMs   optional override of the template's timeout, within its limits
 * @param maxAttempts optional override of the template's retry attempts, within its limits
 */
public record JobRequest(
        String jobId, String tenant, String jobType, Map<String, String> parameters, int priority, String batchId,
        Map<String, String> labels, Long timeoutMs, Integer maxAttempts, Instant submittedAt, String submittedBy) {

    public JobRequest {
        Require.text(jobId, "jobId");
        Require.text(tenant, "tenant");
        Require.text(jobType, "jobType");
        parameters = Require.map(parameters);
        labels = Require.map(labels);
        Require.present(submittedAt, "submittedAt");
    }
}
