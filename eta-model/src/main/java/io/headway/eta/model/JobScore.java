package io.headway.eta.model;

import java.time.Instant;
import java.util.List;

/** How Headway's estimates for one finished job did at each checkpoint. */
public record JobScore(
        String jobId, String tenant, String jobType, String model, Instant finishedAt, List<CheckpointScore> scores,
        List<Double> zScores) {

    public JobScore {
        scores = List.copyOf(scores);
        zScores = List.copyOf(zScores);
    }
}
