package io.headway.eta.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headway.events.JobStarted;
import io.headway.events.ProgressReported;
import io.headway.events.StagePlan;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What history learns: which parameter durations scale with, and which they ignore. */
class TypeHistoryTest {

    @Test
    void learnsThatDurationScalesWithSizeAndIgnoresTheTeamLabel() {
        TypeHistory history = new TypeHistory();
        Random random = new Random(7);
        for (int i = 0; i < 30; i++) {
            int size = 10 + random.nextInt(2_000);
            long ms = Math.round(300.0 * size * Math.exp(0.1 * random.nextGaussian()));
            history.add(job("scan-" + i, Map.of("size", Integer.toString(size), "team", "t" + random.nextInt(4)), ms));
        }
        Prior small = history.prior(Map.of("size", "50", "team", "t1"));
        Prior large = history.prior(Map.of("size", "1000", "team", "t1"));
        assertThat(small.parameter()).isEqualTo("size");
        assertThat(small.totalMs()).isCloseTo(15_000, within(3_000.0));
        assertThat(large.totalMs() / small.totalMs()).isCloseTo(20, within(4.0));
        assertThat(small.sigma()).as("what the size does not explain").isLessThan(0.25);
    }

    @Test
    void aParameterThatChangesNothingIsNotUsed() {
        TypeHistory history = new TypeHistory();
        Random random = new Random(11);
        for (int i = 0; i < 30; i++) {
            long ms = Math.round(60_000 * Math.exp(0.3 * random.nextGaussian()));
            history.add(job("import-" + i, Map.of("batch", Integer.toString(random.nextInt(500))), ms));
        }
        Prior prior = history.prior(Map.of("batch", "7"));
        assertThat(prior.parameter()).isNull();
        assertThat(prior.totalMs()).isCloseTo(60_000, within(12_000.0));
        assertThat(prior.sigma()).isBetween(0.2, 0.45);
    }

    @Test
    void learnsTwoParametersWhoseProductSetsTheDuration() {
        // The demo template: the scan takes about size × delayMs.
        TypeHistory history = new TypeHistory();
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            int size = 10 + random.nextInt(200);
            int delay = 50 + random.nextInt(250);
            long ms = Math.round(size * delay * Math.exp(0.1 * random.nextGaussian()));
            history.add(job("demo-" + i, Map.of("size", "" + size, "delayMs", "" + delay, "failAt", "0"), ms));
        }
        Prior prior = history.prior(Map.of("size", "100", "delayMs", "200", "failAt", "0"));
        assertThat(prior.parameter()).contains("size").contains("delayMs");
        assertThat(prior.totalMs()).isCloseTo(20_000, within(3_000.0));
    }

    @Test
    void theTimeOutsideTheStagesIsLearntAndCountsInTheTimeLeft() {
        // 1 s before the work, 8 s of it, 1 s after: a job halfway through its work has 5 s left, not 4.
        TypeHistory history = new TypeHistory();
        for (int i = 0; i < 5; i++) {
            history.add(new FinishedJob("export-" + i, "type", Map.of(), Instant.EPOCH, 10_000,
                    List.of(new FinishedJob.StageTime("work", 1, 8_000, null, 1_000))));
        }
        Prior prior = history.prior(Map.of());
        assertThat(prior.gapBeforeMs()).containsEntry("work", 1_000.0);
        assertThat(prior.tailMs()).isEqualTo(1_000.0);

        JobState halfway = JobReducer.apply(JobReducer.apply(JobState.initial("j"), new JobStarted(
                UUID.randomUUID(), "j", Instant.EPOCH, "x", 1, "x", List.of(new StagePlan("work", 1)))),
                new ProgressReported(UUID.randomUUID(), "j", Instant.ofEpochSecond(5), "x", "work", null, 50L, 100L,
                        "items", null, Map.of()));
        assertThat(HeadwayModel.expectedTimeProgress(halfway, prior)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void withoutHistoryThereIsNoPrior() {
        assertThat(new TypeHistory().prior(Map.of())).isNull();
    }

    private static FinishedJob job(String id, Map<String, String> parameters, long ms) {
        return new FinishedJob(id, "type", parameters, Instant.EPOCH, ms,
                List.of(new FinishedJob.StageTime("work", 1, ms)));
    }
}
