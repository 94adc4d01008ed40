package io.headway.aggregator.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobAlertsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final JobState JOB = JobState.initial("job-1").withTenant("acme").withJobType("scan")
            .withStatus(JobStatus.RUNNING).withAttempt(1);

    private final JobAlerts alerts = new JobAlerts("job-1", Duration.ofSeconds(10));

    private static Condition hot(String message) {
        return Condition.ofRule("r1", AlertSeverity.CRITICAL, message, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void aConditionIsRaisedOnceItHasHeldForItsDurationAndResolvedOnceGoneAsLong() {
        assertThat(alerts.look(JOB, List.of(hot("cpu 95")), T0)).isEmpty();
        assertThat(alerts.look(JOB, List.of(hot("cpu 96")), T0.plusSeconds(4))).isEmpty();
        List<Alert> raised = alerts.look(JOB, List.of(hot("cpu 97")), T0.plusSeconds(5));
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RAISED);
            assertThat(a.kind()).isEqualTo(Alert.THRESHOLD);
            assertThat(a.ruleId()).isEqualTo("r1");
            assertThat(a.message()).isEqualTo("cpu 97");
            assertThat(a.raisedAt()).isEqualTo(T0.plusSeconds(5));
        });

        assertThat(alerts.look(JOB, List.of(), T0.plusSeconds(6))).as("gone for less than 5 s").isEmpty();
        assertThat(alerts.look(JOB, List.of(hot("cpu 92")), T0.plusSeconds(8))).as("back: stays open").isEmpty();
        assertThat(alerts.look(JOB, List.of(), T0.plusSeconds(9))).isEmpty();
        List<Alert> resolved = alerts.look(JOB, List.of(), T0.plusSeconds(14));
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.alertId()).isEqualTo(raised.getFirst().alertId());
            assertThat(a.raisedAt()).isEqualTo(raised.getFirst().raisedAt());
        });
        assertThat(alerts.isQuiet()).isTrue();
    }

    @Test
    void aConditionThatDoesNotHoldLongEnoughIsNeverRaised() {
        alerts.look(JOB, List.of(hot("cpu 95")), T0);
        alerts.look(JOB, List.of(), T0.plusSeconds(3));
        assertThat(alerts.look(JOB, List.of(hot("cpu 95")), T0.plusSeconds(6))).as("pending starts again").isEmpty();
        assertThat(alerts.look(JOB, List.of(hot("cpu 95")), T0.plusSeconds(11))).hasSize(1);
    }

    @Test
    void anOpenAlertIsUpdatedWhenItsMessageChangesAtMostEveryUpdateInterval() {
        Condition stalled = Condition.of(Alert.STALLED, AlertSeverity.WARNING, "quiet for 1m", Duration.ZERO,
                Duration.ZERO);
        assertThat(alerts.look(JOB, List.of(stalled), T0)).hasSize(1);
        Condition later = Condition.of(Alert.STALLED, AlertSeverity.WARNING, "quiet for 2m", Duration.ZERO,
                Duration.ZERO);
        assertThat(alerts.look(JOB, List.of(later), T0.plusSeconds(5))).isEmpty();
        assertThat(alerts.look(JOB, List.of(later), T0.plusSeconds(10))).singleElement()
                .satisfies(a -> {
                    assertThat(a.state()).isEqualTo(AlertState.UPDATED);
                    assertThat(a.message()).isEqualTo("quiet for 2m");
                });
        assertThat(alerts.look(JOB, List.of(later), T0.plusSeconds(30))).as("same message: nothing new").isEmpty();
    }

    @Test
    void theJobsEndResolvesWhatIsOpenAndRaisesHowItEndedUnderAnIdItsEventsDecide() {
        alerts.look(JOB, List.of(Condition.of(Alert.STALLED, AlertSeverity.WARNING, "quiet", Duration.ZERO,
                Duration.ZERO)), T0);
        JobState failed = JOB.withStatus(JobStatus.FAILED).withAttempt(3).withFinishedAt(T0.plusSeconds(7));
        List<Condition> outcome = new AlertRules(settings()).outcome(failed);

        List<Alert> changes = alerts.end(failed, outcome, T0.plusSeconds(9));
        assertThat(changes).extracting(Alert::kind, Alert::state).containsExactly(
                tuple(Alert.STALLED, AlertState.RESOLVED),
                tuple(Alert.RETRIES_EXHAUSTED, AlertState.RAISED));
        Alert exhausted = changes.get(1);
        assertThat(exhausted.at()).isEqualTo(T0.plusSeconds(7));
        Alert again = new JobAlerts("job-1", Duration.ZERO).end(failed, outcome, T0.plusSeconds(60)).getFirst();
        assertThat(again).as("seen again after a replay").isEqualTo(exhausted);
    }

    @Test
    void anAlertAdoptedFromHistoryIsResolvedNotRaisedAgain() {
        Alert earlier = new Alert(UUID.randomUUID(), "job-1", "acme", Alert.STALLED, AlertSeverity.WARNING,
                AlertState.RAISED, "quiet", null, T0, T0);
        alerts.adopt(Condition.keyOf(earlier), earlier);
        assertThat(alerts.look(JOB, List.of(), T0.plusSeconds(1))).singleElement()
                .satisfies(a -> {
                    assertThat(a.alertId()).isEqualTo(earlier.alertId());
                    assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
                });
    }

    static AlertSettings settings() {
        return new AlertSettings(Duration.ofMinutes(10), 3, Duration.ofMinutes(1), 5, Duration.ofMinutes(1), 0.1,
                Duration.ofSeconds(30), Duration.ofMinutes(1));
    }
}
