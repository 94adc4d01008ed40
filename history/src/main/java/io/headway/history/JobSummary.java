package io.headway.history;

import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.time.Instant;
import java.util.Map;

/**
 * A job as lists, searches and exports show it: the searchable columns of its history row, and its latest preview
 * (null when it has none), which a job list shows as a thumbnail.
 */
public record JobSummary(
        String jobId, String type, JobStatus status, String batchId, Map<String, String> labels, double progress,
        Instant submittedAt, Instant startedAt, Instant finishedAt, Instant updatedAt, JobState.Artifact preview) {
}
