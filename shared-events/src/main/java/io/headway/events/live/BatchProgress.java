package io.headway.events.live;

import io.headway.events.state.JobStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a batch of jobs is doing, as the live view shows it.
 *
 * @param jobs             how many jobs the batch has
 * @param byStatus         how many of them are in each status: every status, in the order of {@link JobStatus}, zero
 *                         where none is, so the shape never depends on who counted
 * @param progress         the mean of the jobs' progress, 0 to 1 (each job counts the same)
 * @param expectedFinishAt when the last of its running jobs is expected to finish, from their ETAs; null when no
 *                         running job has an ETA
 */
public record BatchProgress(
        String tenant, String batchId, long jobs, Map<JobStatus, Long> byStatus, double progress,
        Instant expectedFinishAt) {

    public BatchProgress {
        Map<JobStatus, Long> every = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            Long count = byStatus == null ? null : byStatus.get(status);
            every.put(status, count == null ? 0L : count);
        }
        byStatus = Collections.unmodifiableMap(every);
    }
}
