package io.headway.eta.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.eta.model.FinishedJob;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryMedianTest {

    private final HistoryMedian model = new HistoryMedian();

    @Test
    void noEstimateWithoutHistoryOfTheType() {
        SyntheticJob.ranSteadily(model, "other", 0, 10);
        SyntheticJob job = SyntheticJob.oneStage(model, "report").started(0).stageStarted("work", 0);
        job.items("work", 5, 10, 30);

        assertThat(job.remainingMs(30)).isEqualTo(-1);
    }

    @Test
    void aJobTakesAsLongAsTheMedianFinishedJobOfItsType() {
        SyntheticJob.ranSteadily(model, "report", 0, 100);
        SyntheticJob.ranSteadily(model, "report", 0, 600);
        SyntheticJob.ranSteadily(model, "report", 50, 250);
        SyntheticJob.ranSteadily(model, "other", 0, 5);

        SyntheticJob job = SyntheticJob.oneStage(model, "report").started(1000).stageStarted("work", 1000);
        assertThat(job.remainingMs(1050)).as("median 200 s, 50 s in").isEqualTo(150_000);
    }

    @Test
    void ignoresTheJobsOwnProgressAndNeverGoesBelowZero() {
        SyntheticJob.ranSteadily(model, "report", 0, 100);
        SyntheticJob job = SyntheticJob.oneStage(model, "report").started(1000).stageStarted("work", 1000);
        job.items("work", 9, 10, 1010);

        assertThat(job.remainingMs(1010)).isEqualTo(90_000);
        assertThat(job.remainingMs(1200)).isZero();
    }

    @Test
    void learnsFromHistoryAndCountsEachJobOnce() {
        model.learn(finished("job-1", 100_000));
        model.learn(finished("job-2", 200_000));
        model.learn(finished("job-3", 600_000));
        model.learn(finished("job-3", 600_000));
        model.learn(finished("job-4", 1_000_000));

        SyntheticJob job = SyntheticJob.oneStage(model, "report").started(0).stageStarted("work", 0);
        assertThat(job.remainingMs(0)).as("median of 100, 200, 600 and 1000 s").isEqualTo(400_000);
    }

    private static FinishedJob finished(String jobId, long durationMs) {
        return new FinishedJob(jobId, "report", Map.of(), Instant.parse("2025-12-01T00:00:00Z"), durationMs,
                List.of(new FinishedJob.StageTime("work", 1, durationMs)));
    }
}
