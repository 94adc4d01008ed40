package io.headway.eta.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TqdmEmaTest {

    private final TqdmEma model = new TqdmEma();

    @Test
    void aSteadyJobGetsExactlyTheTimeItHasLeft() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        job.items("work", 1, 10, 2).items("work", 2, 10, 4).items("work", 3, 10, 6);

        assertThat(job.remainingMs(6)).as("0.1 every 2 s, 0.7 left").isEqualTo(14_000);
    }

    @Test
    void averagesUnitsAndSecondsSeparatelyWithTqdmsBiasCorrection() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        job.items("work", 1, 10, 1).items("work", 2, 10, 4);

        // dn: 0.1 and 0.1; dt: 1 s then 3 s, corrected for the zero the average starts from
        double emaDn = 0.1;
        double emaDt = (0.3 * 3 + 0.7 * (0.3 * 1)) / (1 - 0.7 * 0.7);
        assertThat(job.remainingMs(4)).isEqualTo(Math.round(0.8 / (emaDn / emaDt) * 1000));
    }

    @Test
    void theFirstUpdateIsTakenAsItIs() {
        TqdmEma.Ema ema = new TqdmEma.Ema(0.3);
        ema.add(7);
        assertThat(ema.value()).isEqualTo(7.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void updatesCloserThanTqdmsMinimumIntervalAreMerged() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        job.items("work", 1, 10, 1).items("work", 2, 10, 1.05).items("work", 3, 10, 2.05);

        // updates: (0.1 in 1 s), then (0.2 in 1.05 s) since the point at 1.05 s came 50 ms after the last update
        double emaDn = (0.3 * 0.2 + 0.7 * (0.3 * 0.1)) / (1 - 0.7 * 0.7);
        double emaDt = (0.3 * 1.05 + 0.7 * (0.3 * 1)) / (1 - 0.7 * 0.7);
        assertThat(job.remainingMs(2.05)).isEqualTo(Math.round(0.7 / (emaDn / emaDt) * 1000));
    }

    @Test
    void fallsBackToTheAverageRateBeforeTheFirstUpdate() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        job.items("work", 1, 10, 0.05);

        assertThat(job.remainingMs(1)).as("0.1 in 1 s so far").isEqualTo(9_000);
    }

    @Test
    void noEstimateBeforeAnyProgress() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);

        assertThat(job.remainingMs(3)).isEqualTo(-1);
    }
}
