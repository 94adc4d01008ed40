package io.headway.aggregator.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final JobState RUNNING = JobState.initial("job-1").withTenant("acme").withJobType("scan")
            .withStatus(JobStatus.RUNNING).withAttempt(1).withExecutorId("executor-1").withStartedAt(T0)
            .withProgressedAt(T0);

    private final AlertRules rules = new AlertRules(JobAlertsTest.settings());

    private List<Condition> at(JobState job, Instant now, Baseline baseline, List<ThresholdRule> thresholds) {
        return rules.conditions(job, now, baseline, thresholds, null, key -> false);
    }

    @Test
    void aRunningJobWithoutProgressBeyondTheDefaultIsStalledButAPausedOneIsNot() {
        assertThat(at(RUNNING, T0.plus(Duration.ofMinutes(10)), Baseline.NONE, List.of())).isEmpty();
        assertThat(at(RUNNING, T0.plus(Duration.ofMinutes(11)), Baseline.NONE, List.of())).singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(Alert.STALLED);
                    assertThat(c.message()).isEqualTo("no progress for 11m 0s (the default threshold is 10m 0s)");
                });
        assertThat(at(RUNNING.withStatus(JobStatus.PAUSED), T0.plus(Duration.ofHours(2)), Baseline.NONE, List.of()))
                .isEmpty();
    }

    @Test
    void theStallThresholdIsLearntFromTheTypesUsualLongestWaitWithAFloor() {
        Baseline quick = new Baseline(20, Duration.ofMinutes(5), Duration.ofSeconds(10), false);
        assertThat(rules.stallThreshold(quick)).as("3 x 10 s is under the 1 min floor").isEqualTo(Duration.ofMinutes(1));
        Baseline slowSteps = new Baseline(20, Duration.ofHours(1), Duration.ofMinutes(2), false);
        assertThat(rules.stallThreshold(slowSteps)).isEqualTo(Duration.ofMinutes(6));
        Baseline young = new Baseline(3, Duration.ofHours(1), Duration.ofMinutes(2), false);
        assertThat(rules.stallThreshold(young)).as("too little history").isEqualTo(Duration.ofMinutes(10));
        assertThat(at(RUNNING, T0.plus(Duration.ofMinutes(7)), slowSteps, List.of())).extracting(Condition::kind)
                .containsExactly(Alert.STALLED);
    }

    @Test
    void aJobWhoseExecutorFellSilentIsStalled() {
        assertThat(rules.conditions(RUNNING, T0.plusSeconds(40), Baseline.NONE, List.of(), Duration.ofSeconds(40),
                key -> false)).singleElement().satisfies(c -> assertThat(c.message())
                        .isEqualTo("its executor executor-1 has sent no heartbeat for 40s"));
    }

    @Test
    void aJobProjectedBeyondItsTypesNinetiethPercentileIsSlowerThanUsualWithHysteresis() {
        Baseline usual = new Baseline(10, Duration.ofSeconds(100), Duration.ofSeconds(5), true);
        JobState halfway = RUNNING.withProgress(0.5).withProgressedAt(T0.plusSeconds(59));
        assertThat(at(halfway, T0.plusSeconds(60), usual, List.of())).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Alert.SLOWER_THAN_USUAL);
            assertThat(c.raiseAfter()).isEqualTo(Duration.ofMinutes(1));
            assertThat(c.message()).isEqualTo("projected to take 2m 0s, beyond the 1m 40s that 90 % of 10 jobs of "
                    + "this type with the same parameters took");
        });
        JobState withEta = halfway.withEta(new JobState.Eta(35_000, 30_000, 40_000, 0.8, "test", T0.plusSeconds(60)));
        assertThat(at(withEta, T0.plusSeconds(60), usual, List.of())).as("the estimate says 95 s").isEmpty();
        assertThat(rules.conditions(withEta.withEta(new JobState.Eta(35_000, 30_000, 40_000, 0.8, "test",
                T0.plusSeconds(60))), T0.plusSeconds(60), usual, List.of(), null, Alert.SLOWER_THAN_USUAL::equals))
                .as("once open, 95 s is not yet back below 90 s").hasSize(1);
        assertThat(at(halfway, T0.plusSeconds(60), new Baseline(4, Duration.ofSeconds(100), null, false), List.of()))
                .as("too little history").isEmpty();
    }

    @Test
    void thresholdRulesApplyToTheirTenantAndTypeOnCountersRatesAndResources() {
        ThresholdRule issues = new ThresholdRule("r1", "acme", "issues found", "scan", "issuesFound",
                ThresholdRule.Comparison.ABOVE, 0, Duration.ZERO, AlertSeverity.CRITICAL);
        ThresholdRule cpu = new ThresholdRule("r2", "acme", "busy", null, "cpuPercent",
                ThresholdRule.Comparison.AT_LEAST, 90, Duration.ofSeconds(60), AlertSeverity.WARNING);
        ThresholdRule otherTenant = new ThresholdRule("r3", "globex", "any", null, "progress",
                ThresholdRule.Comparison.AT_LEAST, 0, Duration.ZERO, AlertSeverity.INFO);
        JobState job = RUNNING.withCounters(Map.of("issuesFound", 2L))
                .withResources(new JobState.Resources(95, 1, 0, 0, 95, 1, T0));

        List<Condition> found = at(job, T0.plusSeconds(1), Baseline.NONE, List.of(issues, cpu, otherTenant));
        assertThat(found).extracting(Condition::message).containsExactly(
                "issues found: issuesFound is 2 (> 0)", "busy: cpuPercent is 95 (>= 90 for 1m 0s)");
        assertThat(found.get(1).raiseAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(found.get(1).resolveAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(found.getFirst().resolveAfter()).as("at least the settings' resolve-after")
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(at(RUNNING, T0.plusSeconds(1), Baseline.NONE, List.of(issues))).as("no such counter yet").isEmpty();
    }

    @Test
    void howAJobEndedRaisesFailedRetriesExhaustedOrTimedOut() {
        assertThat(rules.outcome(RUNNING.withStatus(JobStatus.SUCCEEDED))).isEmpty();
        assertThat(rules.outcome(RUNNING.withStatus(JobStatus.CANCELLED))).isEmpty();
        assertThat(rules.outcome(RUNNING.withStatus(JobStatus.FAILED))).extracting(Condition::kind)
                .containsExactly(Alert.FAILED);
        assertThat(rules.outcome(RUNNING.withStatus(JobStatus.FAILED).withAttempt(3))).extracting(Condition::message)
                .containsExactly("failed on its last attempt (3)");
        assertThat(rules.outcome(RUNNING.withStatus(JobStatus.TIMED_OUT).withOutcome(
                new JobState.Outcome(null, "timed out after 60000 ms", null, null, null, null, 60_000L))))
                .extracting(Condition::kind, Condition::message)
                .containsExactly(tuple(Alert.TIMED_OUT, "timed out after 1m 0s"));
    }
}
