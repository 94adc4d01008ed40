package io.headway.eta.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.StagePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearExtrapolationTest {

    private final LinearExtrapolation model = new LinearExtrapolation();

    @Test
    void aSteadyJobGetsExactlyTheTimeItHasLeft() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        job.items("work", 25, 100, 10);

        assertThat(job.remainingMs(10)).isEqualTo(30_000);
    }

    @Test
    void progressIsTheWeightedProgressOfTheStages() {
        SyntheticJob job = new SyntheticJob(model, "export",
                List.of(new StagePlan("fetch", 1), new StagePlan("process", 3), new StagePlan("publish", 1)), 0)
                .started(0).stageStarted("fetch", 0);
        job.items("fetch", 10, 10, 20).stageCompleted("fetch", 20);

        assertThat(job.remainingMs(20)).as("a fifth done in 20 s").isEqualTo(80_000);
    }

    @Test
    void timeWithoutProgressStretchesTheEstimate() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        job.items("work", 25, 100, 10);

        assertThat(job.remainingMs(20)).isEqualTo(60_000);
    }

    @Test
    void noEstimateBeforeAnyProgressNorAfterTheEnd() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        assertThat(job.remainingMs(5)).isEqualTo(-1);

        job.items("work", 1, 1, 10).stageCompleted("work", 10).succeeded(10);
        assertThat(job.remainingMs(11)).isEqualTo(-1);
        assertThat(model.trackedJobs()).isZero();
    }

    @Test
    void hasItsName() {
        assertThat(model.name()).isEqualTo("linear");
    }
}
