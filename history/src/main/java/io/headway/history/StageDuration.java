package io.headway.history;

import java.time.Duration;
import java.time.Instant;

/** How long one stage of one attempt took: a row of the history the ETA model learns from. */
public record StageDuration(
        String jobId, int attempt, String stage, String tenant, String jobType, double weight, Instant startedAt,
        Instant completedAt) {

    public long durationMs() {
        return Duration.between(startedAt, completedAt).toMillis();
    }
}
