package io.headway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.Alert;
import io.headway.events.AlertState;
import io.headway.events.JobFailed;
import io.headway.events.JobPaused;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.RetryScheduled;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Alerts raised and resolved from real jobs' events, folded from the real Kafka, recorded in the real PostgreSQL
 * (with their deliveries queued) and published on {@code headway.alerts}. Thresholds are at test scale
 * (application.properties: a 2 s default stall, 500 ms for slower-than-usual and resolving).
 */
@QuarkusTest
class AlertsTest extends StackTest {

    /** Longer than other tests': the first test of a run waits while the test group reads the topics from the start. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final String tenant = TestIds.jobId("tenant");

    @Test
    void aJobWithoutProgressIsStalledUntilItReportsAgain() {
        String jobId = TestIds.jobId("stall");
        try (TopicReader alerts = TopicReader.fromNow(Topics.ALERTS)) {
            progress.send(submitted(jobId, "scan", ago(1)), started(jobId, 1, ago(0)), progress(jobId, 0.2, 0));

            Alert raised = await().atMost(PATIENCE).until(() -> published(alerts, jobId), a -> !a.isEmpty())
                    .getFirst();
            assertThat(raised.kind()).isEqualTo(Alert.STALLED);
            assertThat(raised.state()).isEqualTo(AlertState.RAISED);
            assertThat(raised.tenant()).isEqualTo(tenant);
            assertThat(raised.message()).startsWith("no progress for ").endsWith("(the default threshold is 2s)");
            assertThat(stores.rows("SELECT kind, state, job_type FROM alerts WHERE job_id = ?", jobId))
                    .containsExactly(List.of(Alert.STALLED, "RAISED", "scan"));

            progress.send(progress(jobId, 0.4, 0));
            await().atMost(PATIENCE).until(() -> stores.rows("SELECT state FROM alerts WHERE alert_id = ?",
                    raised.alertId()), rows -> rows.equals(List.of(List.of("RESOLVED"))));
            assertThat(stores.rows("SELECT state FROM alert_changes WHERE alert_id = ? ORDER BY at",
                    raised.alertId())).extracting(List::getFirst).startsWith("RAISED").endsWith("RESOLVED");
            await().atMost(PATIENCE).until(() -> published(alerts, jobId), a -> a.stream().anyMatch(alert ->
                    alert.alertId().equals(raised.alertId()) && alert.state() == AlertState.RESOLVED));
        }
    }

    @Test
    void aPausedJobIsNotStalled() {
        String jobId = TestIds.jobId("paused");
        progress.send(submitted(jobId, "scan", ago(1)), started(jobId, 1, ago(0)),
                new JobPaused(UUID.randomUUID(), jobId, ago(0), "executor-1"));

        await().during(Duration.ofSeconds(4)).atMost(PATIENCE)
                .until(() -> stores.count("SELECT count(*) FROM alerts WHERE job_id = ?", jobId) == 0);
    }

    @Test
    void aJobThatFailsItsLastAttemptRaisesRetriesExhaustedAndQueuesItsDelivery() {
        String jobId = TestIds.jobId("exhausted");
        UUID channel = UUID.randomUUID();
        stores.update("INSERT INTO alert_channels (channel_id, tenant, kind, target, min_severity, created_at) "
                + "VALUES (?, ?, 'EMAIL', 'ops@example.com', 'WARNING', now())", channel, tenant);

        progress.send(submitted(jobId, "scan", ago(3)), started(jobId, 1, ago(3)),
                new RetryScheduled(UUID.randomUUID(), jobId, ago(2), "executor-1", 2, 1000, "exit code 75",
                        "executor-1"),
                started(jobId, 2, ago(1)),
                new JobFailed(UUID.randomUUID(), jobId, ago(0), "executor-1", "exit code 75", 75, true));

        List<Object> alert = await().atMost(PATIENCE).until(() -> stores.rows(
                "SELECT kind, state, severity, message, alert_id FROM alerts WHERE job_id = ?", jobId),
                rows -> rows.size() == 1).getFirst();
        assertThat(alert.subList(0, 4)).containsExactly(Alert.RETRIES_EXHAUSTED, "RAISED", "CRITICAL",
                "failed on its last attempt (2): exit code 75");
        assertThat(stores.rows("SELECT channel_id, status, change_state, payload ->> 'kind' FROM alert_deliveries "
                + "WHERE alert_id = ?", alert.get(4)))
                .containsExactly(List.of(channel, "PENDING", "RAISED", Alert.RETRIES_EXHAUSTED));
    }

    @Test
    void aThresholdRuleOnACounterIsRaisedWhenCrossedAndResolvedWhenTheJobEnds() {
        String jobId = TestIds.jobId("threshold");
        UUID rule = UUID.randomUUID();
        stores.update("INSERT INTO alert_rules (rule_id, tenant, name, job_type, metric, comparison, threshold, "
                + "for_ms, severity, created_at) VALUES (?, ?, 'issues found', 'scan', 'issuesFound', '>', 0, 0, "
                + "'CRITICAL', now())", rule, tenant);

        progress.send(submitted(jobId, "scan", ago(1)), started(jobId, 1, ago(0)), progress(jobId, 0.1, 0),
                progress(jobId, 0.2, 3));
        await().atMost(PATIENCE).until(() -> stores.rows("SELECT kind, state, rule_id, message FROM alerts "
                + "WHERE job_id = ?", jobId), rows -> rows.equals(List.of(List.of(Alert.THRESHOLD, "RAISED", rule,
                        "issues found: issuesFound is 3 (> 0)"))));

        progress.send(new JobSucceeded(UUID.randomUUID(), jobId, ago(0), "executor-1", "done"));
        await().atMost(PATIENCE).until(() -> stores.rows("SELECT state, message FROM alerts WHERE job_id = ?",
                jobId), rows -> rows.size() == 1 && rows.getFirst().getFirst().equals("RESOLVED"));
        assertThat(stores.rows("SELECT message FROM alerts WHERE job_id = ?", jobId).getFirst().getFirst())
                .isEqualTo("the job ended (SUCCEEDED): issues found: issuesFound is 3 (> 0)");
    }

    @Test
    void aJobProjectedFarBeyondItsTypesUsualDurationIsSlowerThanUsual() {
        for (int i = 0; i < 5; i++) {
            String done = TestIds.jobId("usual");
            progress.send(submitted(done, "import", ago(30)), started(done, 1, ago(30)),
                    new JobSucceeded(UUID.randomUUID(), done, ago(28), "executor-1", "done"));
        }
        await().atMost(PATIENCE).until(() -> stores.count("SELECT count(*) FROM jobs WHERE tenant = ? AND "
                + "status = 'SUCCEEDED'", tenant) == 5);

        String jobId = TestIds.jobId("slow");
        progress.send(submitted(jobId, "import", ago(20)), started(jobId, 1, ago(20)), progress(jobId, 0.1, 0));

        String message = await().atMost(PATIENCE).until(() -> stores.rows("SELECT message FROM alerts WHERE "
                + "job_id = ? AND kind = ?", jobId, Alert.SLOWER_THAN_USUAL), rows -> !rows.isEmpty())
                .getFirst().getFirst().toString();
        assertThat(message).startsWith("projected to take ")
                .endsWith("beyond the 2s that 90 % of 5 jobs of this type with the same parameters took");
    }

    private List<Alert> published(TopicReader alerts, String jobId) {
        return alerts.recordsWithKey(jobId).stream().map(r -> WireType.ALERTS.codec().decode(r.value())).toList();
    }

    private static Instant ago(int seconds) {
        return Instant.now().minusSeconds(seconds).truncatedTo(ChronoUnit.MILLIS);
    }

    private ProgressEvent submitted(String jobId, String type, Instant at) {
        return new JobSubmitted(UUID.randomUUID(), jobId, at, "gateway", tenant, type, Map.of(), 0, null, Map.of(),
                List.of(), false);
    }

    private static ProgressEvent started(String jobId, int attempt, Instant at) {
        return new JobStarted(UUID.randomUUID(), jobId, at, "executor-1", attempt, "executor-1", List.of());
    }

    private static ProgressEvent progress(String jobId, double fraction, long issues) {
        return new ProgressReported(UUID.randomUUID(), jobId, ago(0), "executor-1", null, fraction, null, null, null,
                "working", Map.of("issuesFound", issues));
    }
}
