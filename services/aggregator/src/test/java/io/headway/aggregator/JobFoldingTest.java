package io.headway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.store.LiveStateStore;
import io.headway.events.JobSnapshot;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressReported;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.kafka.CloudEventHeaders;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobStatus;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events produced to the real Kafka are folded into a snapshot in the real Redis, a row in the real PostgreSQL and a
 * record on the job-state topic.
 */
@QuarkusTest
class JobFoldingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    RedisDataSource redis;

    @Inject
    AgroalDataSource postgres;

    @Inject
    AggregatorConfig config;

    private final ProgressEvents progress = new ProgressEvents();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @AfterEach
    void close() {
        progress.close();
    }

    @Test
    void aMultiStageJobBecomesLiveStateHistoryAndASnapshotStream() throws SQLException {
        String jobId = TestIds.jobId("fold");
        try (TopicReader jobState = TopicReader.fromNow(Topics.JOB_STATE)) {
            progress.send(
                    new JobSubmitted(UUID.randomUUID(), jobId, at(0), "gateway", "acme", "demo", Map.of(), 0,
                            "batch-7", Map.of("team", "data"), List.of(new StagePlan("fetch", 1),
                            new StagePlan("scan", 3)), false),
                    new JobStarted(UUID.randomUUID(), jobId, at(1), "executor-1", 1, "executor-1", List.of()),
                    new StageStarted(UUID.randomUUID(), jobId, at(2), "executor-1", "fetch", null),
                    new StageCompleted(UUID.randomUUID(), jobId, at(3), "executor-1", "fetch"),
                    new StageStarted(UUID.randomUUID(), jobId, at(4), "executor-1", "scan", null),
                    new ProgressReported(UUID.randomUUID(), jobId, at(5), "executor-1", "scan", 0.5, null, null,
                            null, "scanning", Map.of("filesProcessed", 120L)));

            JobSnapshot live = await().atMost(PATIENCE)
                    .until(() -> liveSnapshot(jobId), s -> s != null && s.sequence() == 6);
            assertThat(live.state().status()).isEqualTo(JobStatus.RUNNING);
            assertThat(live.state().tenant()).isEqualTo("acme");
            assertThat(live.state().progress()).isEqualTo((1 + 3 * 0.5) / 4);
            assertThat(live.state().currentStage()).isEqualTo("scan");
            assertThat(live.state().counters()).containsEntry("filesProcessed", 120L);
            assertThat(live.state().message()).isEqualTo("scanning");
            assertThat(ttl(jobId)).isPositive().isLessThanOrEqualTo(config.activeTtl());

            await().atMost(PATIENCE).until(() -> historyRow(jobId), row -> row != null && row.sequence() == 6);
            assertThat(historyRow(jobId)).isEqualTo(new HistoryRow("acme", "RUNNING", "batch-7", 0.625, 6));

            List<ConsumerRecord<String, byte[]>> published = await().atMost(PATIENCE)
                    .until(() -> jobState.recordsWithKey(jobId), records -> records.size() == 6);
            assertThat(published).extracting(r -> WireType.JOB_STATE.codec().decode(r.value()).sequence())
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(WireType.JOB_STATE.codec().decode(published.getLast().value()).state())
                    .usingRecursiveComparison().isEqualTo(live.state());
            assertThat(CloudEventHeaders.read(published.getLast().headers()).subject()).isEqualTo(jobId);
        }
    }

    @Test
    void aFinishedJobIsKeptForTheRetention() {
        String jobId = TestIds.jobId("fold-done");
        progress.send(
                new JobSubmitted(UUID.randomUUID(), jobId, at(0), "gateway", "acme", "demo", Map.of(), 0, null,
                        Map.of(), List.of(), false),
                new JobSucceeded(UUID.randomUUID(), jobId, at(1), "executor-1", "done"));

        JobSnapshot live = await().atMost(PATIENCE)
                .until(() -> liveSnapshot(jobId), s -> s != null && s.sequence() == 2);

        assertThat(live.state().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(ttl(jobId)).isGreaterThan(config.activeTtl())
                .isLessThanOrEqualTo(config.terminalRetention());
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndFoldingGoesOn() {
        String jobId = TestIds.jobId("fold-dlq");
        try (TopicReader deadLetters = TopicReader.fromNow(Topics.deadLetter(Topics.PROGRESS))) {
            progress.sendRaw(jobId, "{\"type\":\"ProgressReported\",\"fraction\":7}".getBytes(StandardCharsets.UTF_8));
            progress.send(new JobSubmitted(UUID.randomUUID(), jobId, at(0), "gateway", "acme", "demo", Map.of(), 0,
                    null, Map.of(), List.of(), false));

            ConsumerRecord<String, byte[]> rejected = await().atMost(PATIENCE)
                    .until(() -> deadLetters.recordsWithKey(jobId), records -> records.size() == 1).getFirst();
            assertThat(new String(rejected.value(), StandardCharsets.UTF_8)).contains("\"fraction\":7");
            assertThat(CloudEventHeaders.get(rejected.headers(), "dead-letter-reason"))
                    .isEqualTo("invalid ProgressReported: eventId is required");
            assertThat(CloudEventHeaders.get(rejected.headers(), "dead-letter-topic")).isEqualTo(Topics.PROGRESS);

            await().atMost(PATIENCE).until(() -> liveSnapshot(jobId), s -> s != null && s.sequence() == 1);
        }
    }

    private JobSnapshot liveSnapshot(String jobId) {
        String json = redis.value(String.class).get(LiveStateStore.snapshotKey(jobId));
        return json == null ? null : WireType.JOB_STATE.codec().decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private Duration ttl(String jobId) {
        return Duration.ofSeconds(redis.key().ttl(LiveStateStore.snapshotKey(jobId)));
    }

    private HistoryRow historyRow(String jobId) throws SQLException {
        try (Connection connection = postgres.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT tenant, status, batch_id, progress, sequence FROM jobs WHERE job_id = ?")) {
            query.setString(1, jobId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? new HistoryRow(row.getString(1), row.getString(2), row.getString(3),
                        row.getDouble(4), row.getLong(5)) : null;
            }
        }
    }

    private Instant at(int second) {
        return start.plusSeconds(second);
    }

    record HistoryRow(String tenant, String status, String batchId, double progress, long sequence) {
    }
}
