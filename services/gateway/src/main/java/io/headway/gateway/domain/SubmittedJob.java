package io.headway.gateway.domain;

import io.headway.events.state.JobStatus;
import java.util.Map;

/** The answer to a submission: the job's id, its status, and where to find it. */
public record SubmittedJob(String jobId, JobStatus status, String batchId, Map<String, String> links) {
}
