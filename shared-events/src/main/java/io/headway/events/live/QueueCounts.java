package io.headway.events.live;

import io.headway.events.state.JobStatus;
import java.util.Map;

/**
 * A tenant's jobs by status, as the live view shows them: the active ones, and the terminal ones still
 * within the live retention (24 h by default). Every status is present, with zero when no job has it.
 */
public record QueueCounts(String tenant, Map<JobStatus, Long> byStatus) {

    public QueueCounts {
        byStatus = byStatus == null ? Map.of() : Map.copyOf(byStatus);
    }

    public long count(JobStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }
}
