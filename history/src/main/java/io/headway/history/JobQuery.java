package io.headway.history;

import io.headway.events.state.JobStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A search of one tenant's jobs, newest submission first. Every part is optional; {@code after} continues a previous
 * page (keyset pagination: stable while jobs are added, and as fast on page 1000 as on page 1).
 *
 * @param from inclusive lower bound of the submission time
 * @param to   exclusive upper bound of the submission time
 */
public record JobQuery(
        String tenant, Set<JobStatus> statuses, String type, String batchId, Map<String, String> labels,
        Instant from, Instant to, JobCursor after, int limit) {

    public JobQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public JobQuery continuedAfter(JobCursor cursor, int pageSize) {
        return new JobQuery(tenant, statuses, type, batchId, labels, from, to, cursor, pageSize);
    }
}
