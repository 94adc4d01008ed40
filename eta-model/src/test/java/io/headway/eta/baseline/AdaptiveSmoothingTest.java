package io.headway.eta.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptiveSmoothingTest {

    private final AdaptiveSmoothing model = new AdaptiveSmoothing();

    @Test
    void aSteadyJobGetsExactlyTheTimeItHasLeft() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);
        for (int i = 1; i <= 20; i++) {
            job.items("work", i, 100, 2 * i);
        }

        assertThat(job.remainingMs(40)).as("0.005 per second, 0.8 left").isEqualTo(160_000);
    }

    @Test
    void followsAShiftInRateFasterThanAFixedResponseRate() {
        AdaptiveSmoothing.TriggLeach smoother = new AdaptiveSmoothing.TriggLeach(0);
        long at = 0;
        double fraction = 0;
        for (int i = 0; i < 20; i++) {
            at += 1000;
            fraction += 0.01;
            smoother.progressed(at, fraction);
        }
        for (int i = 0; i < 5; i++) {
            at += 4000;
            fraction += 0.01;
            smoother.progressed(at, fraction);
        }

        double fixed = 0.0025 + (0.01 - 0.0025) * Math.pow(1 - AdaptiveSmoothing.BETA, 5);
        assertThat(smoother.alpha()).isGreaterThan(0.9);
        assertThat(Math.abs(smoother.fractionPerSecond(at) - 0.0025)).isLessThan(Math.abs(fixed - 0.0025) / 10);
    }

    @Test
    void respondsSlowlyWhileTheRateOnlyJitters() {
        AdaptiveSmoothing.TriggLeach smoother = new AdaptiveSmoothing.TriggLeach(0);
        Random random = new Random(7);
        long at = 0;
        double fraction = 0;
        double alphas = 0;
        for (int i = 0; i < 200; i++) {
            at += 1000;
            fraction += 0.01 * (0.5 + random.nextDouble());
            smoother.progressed(at, fraction);
            if (i >= 50) {
                alphas += smoother.alpha();
            }
        }

        assertThat(alphas / 150).as("mean response rate").isLessThan(0.4);
        assertThat(smoother.fractionPerSecond(at)).isCloseTo(0.01, within(0.003));
    }

    @Test
    void noEstimateBeforeAnyProgress() {
        SyntheticJob job = SyntheticJob.oneStage(model, "export").started(0).stageStarted("work", 0);

        assertThat(job.remainingMs(3)).isEqualTo(-1);
    }
}
