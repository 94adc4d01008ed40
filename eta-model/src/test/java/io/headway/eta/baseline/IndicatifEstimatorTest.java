package io.headway.eta.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IndicatifEstimatorTest {

    private final IndicatifEstimator model = new IndicatifEstimator();

    /** indicatif's own {@code test_double_exponential_ave}, with a step of 0.01 of the job instead of 1. */
    @Test
    void smoothsTwiceAndNormalisesAsIndicatifDoes() {
        IndicatifEstimator.Estimator estimator = new IndicatifEstimator.Estimator(0);
        for (int second = 1; second <= 15; second++) {
            estimator.progressed(second * 1000L, second * 0.01);
        }

        // single EWA: 90 % weight at 0 steps/s, 9 % at 1, 1 % before the start, normalised away
        double single = 0.09 / 0.99;
        double expected = (0.9 * single + 0.09) / 0.99;
        assertThat(estimator.fractionPerSecond(30_000)).isCloseTo(0.01 * expected, within(1e-15));
    }

    /** indicatif's own {@code test_steps_per_second}: a steady rate is recovered exactly. */
    @Test
    void aSteadyJobGetsExactlyTheTimeItHasLeft() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        for (int i = 1; i <= 20; i++) {
            job.items("work", i, 100, i);
        }

        assertThat(job.remainingMs(20)).as("0.01 per second, 0.8 left").isCloseTo(80_000, within(1L));
    }

    @Test
    void aStalledJobsRateDecaysWithTheTimeSinceItsLastUpdate() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        for (int i = 1; i <= 20; i++) {
            job.items("work", i, 100, i);
        }

        assertThat(job.remainingMs(35)).isGreaterThan(job.remainingMs(25)).isGreaterThan(80_000);
    }

    @Test
    void noEstimateBeforeAnyProgress() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);

        assertThat(job.remainingMs(0)).isEqualTo(-1);
        assertThat(job.remainingMs(3)).isEqualTo(-1);
    }
}
