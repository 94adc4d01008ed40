package io.headway.eta.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.eta.eval.Replay;
import io.headway.eta.eval.Scoreboard;
import io.headway.eta.eval.TraceReader;
import io.headway.events.JobPaused;
import io.headway.events.JobResumed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.StagePlan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Headway's estimator on the checked-in trace suite (eta-model/traces) and on jobs built step by step. */
class HeadwayModelTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aJobHasAnEstimateFromHistoryTheMomentItStarts() throws IOException {
        HeadwayModel model = new HeadwayModel();
        Map<String, Long> estimatedAtStart = new HashMap<>();
        Map<String, Long> startedAt = new HashMap<>();
        List<Double> errors = new ArrayList<>();
        boolean firstJob = true;
        for (ProgressEvent event : trace("steady")) {
            model.observe(event);
            if (event instanceof JobStarted started) {
                var estimate = model.estimate(started.jobId(), started.occurredAt());
                if (firstJob) {
                    assertThat(estimate).as("no history, no progress: nothing to say yet").isEmpty();
                    firstJob = false;
                }
                estimate.ifPresent(e -> estimatedAtStart.put(started.jobId(), e.remainingMs()));
                startedAt.put(started.jobId(), started.occurredAt().toEpochMilli());
            } else if (event instanceof JobSucceeded done && estimatedAtStart.containsKey(done.jobId())) {
                long actual = done.occurredAt().toEpochMilli() - startedAt.get(done.jobId());
                errors.add(Math.abs(estimatedAtStart.get(done.jobId()) - actual) / (double) actual);
            }
        }
        assertThat(errors).as("every job after the first").hasSizeGreaterThanOrEqualTo(25);
        // Jobs of the type differ in pace by about 30 % (lognormal σ 0.3): history alone cannot do much better.
        assertThat(median(errors)).isLessThan(0.3);
    }

    @Test
    void itConvergesAsTheJobProceeds() throws IOException {
        Scoreboard steady = replay("steady");
        String name = HeadwayModel.NAME;
        assertThat(steady.medianError(name, 0.9)).isLessThan(0.08);
        assertThat(steady.medianError(name, 0.5)).isLessThan(steady.medianError(name, 0.1) + 0.01);
    }

    @ParameterizedTest
    @ValueSource(strings = {"steady", "slow-warmup", "slowdown-midway", "stalls", "dominant-stage", "noisy-rate",
            "size-dependent", "weights-disagree", "heavy-tailed"})
    void onEveryShapeItsRangeHoldsTheTruthAboutAsOftenAsItClaims(String shape) throws IOException {
        Scoreboard board = replay(shape);
        assertThat(board.coverage(HeadwayModel.NAME)).as("80 %% range on %s", shape).isBetween(0.6, 0.95);
        assertThat(board.medianError(HeadwayModel.NAME, 0.75)).as("error at 75 %% on %s", shape).isLessThan(0.35);
    }

    @Test
    void itWidensItsRangeWhenTheRateIsNoisy() throws IOException {
        assertThat(relativeWidth("noisy-rate", 0.5)).isGreaterThan(1.5 * relativeWidth("steady", 0.5));
    }

    @Test
    void aStallPullsTheEstimateOutWhileNothingArrives() {
        HeadwayModel model = new HeadwayModel();
        for (int job = 0; job < 5; job++) {
            steadyJob(model, "stall-" + job, job * 200, 100, 1.0);
        }
        String stalled = "stall-late";
        steadyJob(model, stalled, 2_000, 100, 0.5); // half done after 50 s, then silent
        long at50 = model.estimate(stalled, seconds(2_050)).orElseThrow().remainingMs();
        long at80 = model.estimate(stalled, seconds(2_080)).orElseThrow().remainingMs();
        long at140 = model.estimate(stalled, seconds(2_140)).orElseThrow().remainingMs();
        assertThat(at50).as("on plan: half of 100 s left").isBetween(40_000L, 60_000L);
        assertThat(at80).as("30 s without progress").isGreaterThan(at50 - 30_000 + 10_000);
        assertThat(at140).isGreaterThan(at80);
    }

    @Test
    void aPauseIsNeitherWorkNorSlowness() {
        HeadwayModel model = new HeadwayModel();
        for (int job = 0; job < 5; job++) {
            steadyJob(model, "pause-" + job, job * 200, 100, 1.0);
        }
        String paused = "pause-late";
        steadyJob(model, paused, 2_000, 100, 0.5);
        long before = model.estimate(paused, seconds(2_050)).orElseThrow().remainingMs();
        model.observe(new JobPaused(UUID.randomUUID(), paused, seconds(2_050), "test"));
        long during = model.estimate(paused, seconds(2_250)).orElseThrow().remainingMs();
        model.observe(new JobResumed(UUID.randomUUID(), paused, seconds(2_250), "test"));
        long after = model.estimate(paused, seconds(2_251)).orElseThrow().remainingMs();
        assertThat(during).isEqualTo(before);
        assertThat(after).isBetween(before - 5_000, before + 5_000);
    }

    @Test
    void aJobWithoutAKnownTypeIsNeitherScoredNorLearnt() {
        List<JobScore> scores = new ArrayList<>();
        HeadwayModel model = new HeadwayModel(scores::add);
        String jobId = "typeless";
        model.observe(new JobStarted(UUID.randomUUID(), jobId, seconds(0), "test", 1, "e", List.of()));
        for (int step = 1; step <= 10; step++) {
            model.observe(new ProgressReported(UUID.randomUUID(), jobId, seconds(step * 10), "test", null,
                    step / 10.0, null, null, null, null, Map.of()));
        }
        model.observe(new JobSucceeded(UUID.randomUUID(), jobId, seconds(100), "test", "ok"));
        assertThat(scores).isEmpty();
    }

    @Test
    void itKnowsWhichJobsItHasLearntFromSoHistoryNeedNotBeReadAgain() {
        HeadwayModel model = new HeadwayModel();
        steadyJob(model, "watched-to-the-end", 0, 100, 1);
        steadyJob(model, "still-running", 0, 100, 0.5);

        assertThat(model.hasLearnt("watched-to-the-end")).isTrue();
        assertThat(model.hasLearnt("still-running")).isFalse();
        assertThat(model.hasLearnt("never-seen")).isFalse();
    }

    @Test
    void replayingALogGivesTheSameEstimates() throws IOException {
        List<ProgressEvent> events = trace("stalls");
        assertThat(predictions(events)).isEqualTo(predictions(events)).isNotEmpty();
    }

    private static List<Replay.Prediction> predictions(List<ProgressEvent> events) {
        List<Replay.Prediction> out = new ArrayList<>();
        new Replay(List.of(new HeadwayModel()), out::add).run(events);
        return out;
    }

    /** A one-stage job reporting every 10 % of a {@code durationS} run, from {@code startS} to {@code upTo}. */
    private static void steadyJob(HeadwayModel model, String jobId, long startS, long durationS, double upTo) {
        List<StagePlan> stages = List.of(new StagePlan("work", 1));
        model.observe(new JobSubmitted(UUID.randomUUID(), jobId, seconds(startS), "test", "t", "stall-type", Map.of(),
                0, null, Map.of(), stages, false));
        model.observe(new JobStarted(UUID.randomUUID(), jobId, seconds(startS), "test", 1, "e", stages));
        for (int step = 1; step <= Math.round(upTo * 10); step++) {
            model.observe(new ProgressReported(UUID.randomUUID(), jobId, seconds(startS + durationS * step / 10),
                    "test", "work", step / 10.0, null, null, null, null, Map.of()));
        }
        if (upTo >= 1) {
            model.observe(new JobSucceeded(UUID.randomUUID(), jobId, seconds(startS + durationS), "test", "ok"));
        }
    }

    private static double relativeWidth(String shape, double level) throws IOException {
        Map<String, List<CheckpointScore>> scores = new Replay(List.of(new HeadwayModel()), p -> { })
                .run(trace(shape));
        return median(scores.get(HeadwayModel.NAME).stream().filter(s -> s.level() == level)
                .map(s -> (s.highMs() - s.lowMs()) / (double) Math.max(1, s.estimatedMs())).toList());
    }

    private static Scoreboard replay(String shape) throws IOException {
        Scoreboard board = new Scoreboard();
        board.add(new Replay(List.of(new HeadwayModel()), p -> { }).run(trace(shape)));
        return board;
    }

    static List<ProgressEvent> trace(String shape) throws IOException {
        return TraceReader.read(Path.of("traces", shape + ".jsonl.gz"));
    }

    private static double median(List<Double> values) {
        return Robust.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Instant seconds(long s) {
        return ORIGIN.plusSeconds(s);
    }
}
