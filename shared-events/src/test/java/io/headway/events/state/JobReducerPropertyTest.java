package io.headway.events.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headway.events.CheckpointSaved;
import io.headway.events.ControlAction;
import io.headway.events.ControlRequested;
import io.headway.events.EtaEstimated;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobPaused;
import io.headway.events.JobQueued;
import io.headway.events.JobResumed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.JobTimedOut;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.ResourceSampled;
import io.headway.events.RetryScheduled;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.UnrecognizedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/** Rules the reducer keeps for every sequence of events, in any order, however odd. */
class JobReducerPropertyTest {

    private static final String JOB = "job-p";

    @Property(tries = 500)
    void neverThrowsAndKeepsProgressWithinBounds(@ForAll("anyEvents") List<ProgressEvent> events) {
        for (JobState state : states(events)) {
            assertThat(state.progress()).isBetween(0.0, 1.0);
            assertThat(state.stages()).allSatisfy(s -> assertThat(s.fraction()).isBetween(0.0, 1.0));
        }
    }

    @Property(tries = 500)
    void terminalStatesStayTerminal(@ForAll("anyEvents") List<ProgressEvent> events) {
        JobStatus terminal = null;
        for (JobState state : states(events)) {
            if (terminal != null) {
                assertThat(state.status()).isEqualTo(terminal);
            } else if (state.status().isTerminal()) {
                terminal = state.status();
            }
        }
    }

    @Property(tries = 500)
    void progressNeverGoesBackwardsWithinAnAttempt(@ForAll("anyEvents") List<ProgressEvent> events) {
        JobState previous = JobState.initial(JOB);
        for (JobState state : states(events)) {
            if (state.attempt() == previous.attempt()) {
                assertThat(state.progress()).isGreaterThanOrEqualTo(previous.progress());
            }
            previous = state;
        }
    }

    @Property(tries = 500)
    void everyKnownEventIsCounted(@ForAll("anyEvents") List<ProgressEvent> events) {
        long known = events.stream().filter(e -> !(e instanceof UnrecognizedEvent)).count();

        assertThat(JobReducer.fold(JOB, events).eventCount()).isEqualTo(known);
    }

    @Property(tries = 300)
    void weightedStagesGiveTheOverallFraction(
            @ForAll @Size(min = 1, max = 6) List<@DoubleRange(min = 0.1, max = 10) Double> weights,
            @ForAll @Size(min = 6, max = 6) List<@DoubleRange(min = 0, max = 1) Double> fractions) {
        List<StagePlan> plan = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            plan.add(new StagePlan("stage-" + i, weights.get(i)));
        }
        List<ProgressEvent> events = new ArrayList<>();
        events.add(new JobStarted(UUID.randomUUID(), JOB, at(0), "x", 1, "x", plan));
        double done = 0;
        double total = 0;
        for (int i = 0; i < plan.size(); i++) {
            events.add(new StageStarted(UUID.randomUUID(), JOB, at(i), "x", plan.get(i).name(), null));
            events.add(progress(plan.get(i).name(), fractions.get(i), i));
            done += weights.get(i) * fractions.get(i);
            total += weights.get(i);
        }

        assertThat(JobReducer.fold(JOB, events).progress()).isCloseTo(done / total, within(1e-9));
    }

    @Provide
    Arbitrary<List<ProgressEvent>> anyEvents() {
        Arbitrary<String> stage = Arbitraries.of("fetch", "build", "test", "report");
        Arbitrary<Integer> attempt = Arbitraries.integers().between(1, 4);
        Arbitrary<Double> fraction = Arbitraries.doubles().between(0, 1);
        Arbitrary<Long> count = Arbitraries.longs().between(0, 10_000);
        Arbitrary<Integer> second = Arbitraries.integers().between(0, 3600);
        Arbitrary<List<StagePlan>> plan = Combinators.combine(stage, Arbitraries.doubles().between(0.1, 5))
                .as(StagePlan::new).list().ofMaxSize(4).uniqueElements(StagePlan::name);

        Arbitrary<ProgressEvent> event = Arbitraries.oneOf(List.of(
                Combinators.combine(second, plan).as((s, p) -> new JobSubmitted(UUID.randomUUID(), JOB, at(s), "g",
                        "acme", "demo", Map.of(), 0, null, Map.of(), p, false)),
                Combinators.combine(second, Arbitraries.integers().between(1, 5)).as((s, p) -> new JobQueued(
                        UUID.randomUUID(), JOB, at(s), "x", p, p + 1, "x")),
                Combinators.combine(second, attempt, plan).as((s, a, p) -> new JobStarted(UUID.randomUUID(), JOB,
                        at(s), "x", a, "x", p)),
                Combinators.combine(second, stage).as((s, st) -> new StageStarted(UUID.randomUUID(), JOB, at(s),
                        "x", st, null)),
                Combinators.combine(second, stage.injectNull(0.3), fraction.injectNull(0.3), count.injectNull(0.3),
                        count.injectNull(0.3)).as((s, st, f, c, t) -> new ProgressReported(UUID.randomUUID(), JOB,
                        at(s), "x", st, f, c, t, "files", null, Map.of("n", 1L))),
                Combinators.combine(second, stage).as((s, st) -> new StageCompleted(UUID.randomUUID(), JOB, at(s),
                        "x", st)),
                second.map(s -> new ResourceSampled(UUID.randomUUID(), JOB, at(s), "x", 50, 100, 1, 1)),
                second.map(s -> new CheckpointSaved(UUID.randomUUID(), JOB, at(s), "x", "c" + s, null)),
                Combinators.combine(second, Arbitraries.of(ControlAction.class)).as((s, a) ->
                        new ControlRequested(UUID.randomUUID(), JOB, at(s), "g", a, null, null)),
                second.map(s -> new JobPaused(UUID.randomUUID(), JOB, at(s), "x")),
                second.map(s -> new JobResumed(UUID.randomUUID(), JOB, at(s), "x")),
                Combinators.combine(second, attempt).as((s, a) -> new RetryScheduled(UUID.randomUUID(), JOB, at(s),
                        "x", a, 100, "boom", "x")),
                second.map(s -> new EtaEstimated(UUID.randomUUID(), JOB, at(s), "eta", 10, 5, 20, 0.9, "m")),
                second.map(s -> new JobSucceeded(UUID.randomUUID(), JOB, at(s), "x", null)),
                second.map(s -> new JobFailed(UUID.randomUUID(), JOB, at(s), "x", "boom", 1, true)),
                second.map(s -> new JobCancelled(UUID.randomUUID(), JOB, at(s), "x", null, null)),
                second.map(s -> new JobTimedOut(UUID.randomUUID(), JOB, at(s), "x", 1000)),
                second.map(s -> new UnrecognizedEvent(UUID.randomUUID(), JOB, at(s), "x", "Future", "{}"))));
        return event.list().ofMaxSize(40);
    }

    private static List<JobState> states(List<ProgressEvent> events) {
        List<JobState> states = new ArrayList<>();
        JobState state = JobState.initial(JOB);
        for (ProgressEvent event : events) {
            state = JobReducer.apply(state, event);
            states.add(state);
        }
        return states;
    }

    private static ProgressReported progress(String stage, double fraction, int second) {
        return new ProgressReported(UUID.randomUUID(), JOB, at(second), "x", stage, fraction, null, null, null, null,
                Map.of());
    }

    private static Instant at(int second) {
        return Instant.parse("2026-11-24T10:00:00Z").plusSeconds(second);
    }
}
