package io.headway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.ExecutorHeartbeat;
import io.headway.events.LogBatch;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.ExecutorHeartbeatSerializer;
import io.headway.events.kafka.Topics;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.events.live.QueueCounts;
import io.headway.events.state.JobStatus;
import io.headway.livestore.LiveKeys;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What the aggregator keeps in Redis besides snapshots: batch and queue aggregates, log tails, executors. */
@QuarkusTest
class LiveAggregatesTest extends StackTest {

    @Test
    void batchProgressAndQueueCountsMatchTheJobsTheySummarise() {
        String tenant = TestIds.jobId("tenant");
        String batch = "nightly";
        List<Jobs> jobs = LongStream.range(0, 5).mapToObj(i -> new Jobs(TestIds.jobId("batch"), tenant, batch))
                .toList();
        var eta = jobs.get(3).eta(60_000);
        progress.send(jobs.get(0).submitted(), jobs.get(0).started(), jobs.get(0).succeeded(),
                jobs.get(1).submitted(), jobs.get(1).started(), jobs.get(1).succeeded(),
                jobs.get(2).submitted(), jobs.get(2).started(), jobs.get(2).failed(),
                jobs.get(3).submitted(), jobs.get(3).started(), jobs.get(3).progress(null, 0.5), eta,
                jobs.get(4).submitted());

        BatchProgress expected = new BatchProgress(tenant, batch, 5, Map.of(
                JobStatus.QUEUED, 1L, JobStatus.RUNNING, 1L, JobStatus.PAUSED, 0L, JobStatus.RETRYING, 0L,
                JobStatus.SUCCEEDED, 2L, JobStatus.FAILED, 1L, JobStatus.CANCELLED, 0L, JobStatus.TIMED_OUT, 0L),
                (1 + 1 + 0 + 0.5 + 0) / 5, eta.occurredAt().plusMillis(60_000));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                stores.liveValue(LiveKeys.batch(tenant, batch), BatchProgress.class))
                .usingRecursiveComparison().withComparatorForType((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : 1,
                        Double.class)
                .isEqualTo(expected));

        QueueCounts queue = stores.liveValue(LiveKeys.queueCounts(tenant), QueueCounts.class);
        assertThat(queue.byStatus()).isEqualTo(expected.byStatus());
        assertThat(stores.redis().set(String.class).smembers(LiveKeys.activeJobs(tenant)))
                .containsExactlyInAnyOrder(jobs.get(3).jobId(), jobs.get(4).jobId());
    }

    @Test
    void logLinesGoToHistoryAndACappedLiveTailWithoutDuplicates() {
        String jobId = TestIds.jobId("logs");
        List<LogLine> lines = new ArrayList<>();
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        for (long sequence = 1; sequence <= 1005; sequence++) {
            lines.add(new LogLine(sequence, at, LogStream.STDOUT, sequence % 100 == 0 ? LogLevel.WARN : LogLevel.INFO,
                    "line " + sequence + (sequence == 7 ? " with a NUL \0 in it" : "")));
        }
        LogBatch batch = new LogBatch(UUID.randomUUID(), jobId, 1, "executor-1", at, lines);

        progress.sendLogs(batch);
        progress.sendLogs(batch); // a producer retry: the same lines again

        await().atMost(PATIENCE).until(() -> stores.count("SELECT count(*) FROM job_logs WHERE job_id = ?", jobId),
                n -> n == 1005);
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> tail = stores.redis().sortedSet(String.class).zrange(LiveKeys.logs(jobId), 0, -1);
            assertThat(tail).hasSize(1000);
            assertThat(HeadwayJson.mapper().readValue(tail.getFirst(), LogTailEntry.class).line().sequence())
                    .isEqualTo(6);
            assertThat(HeadwayJson.mapper().readValue(tail.getLast(), LogTailEntry.class).line().text())
                    .isEqualTo("line 1005");
        });
        assertThat(stores.rows("SELECT text FROM job_logs WHERE job_id = ? AND sequence = 7", jobId))
                .containsExactly(List.of("line 7 with a NUL \uFFFD in it"));
        assertThat(stores.ttl(LiveKeys.logs(jobId))).isPositive();
    }

    @Test
    void executorHeartbeatsAreKeptWhileTheyBeat() {
        String executorId = TestIds.jobId("executor");
        var heartbeat = new ExecutorHeartbeat(executorId, Instant.now().truncatedTo(ChronoUnit.MILLIS), 8, 3, 2,
                Map.of("demo", 3), false);
        var stale = new ExecutorHeartbeat(TestIds.jobId("executor-gone"), Instant.now().minusSeconds(60), 8, 0, 0,
                Map.of(), false);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()), new StringSerializer(), new ExecutorHeartbeatSerializer())) {
            producer.send(new ProducerRecord<>(Topics.EXECUTORS, stale.executorId(), stale));
            producer.send(new ProducerRecord<>(Topics.EXECUTORS, executorId, heartbeat));
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(stores.redis().set(String.class).sismember(LiveKeys.EXECUTORS, executorId)).isTrue();
            assertThat(stores.liveValue(LiveKeys.executor(executorId), ExecutorHeartbeat.class)).isEqualTo(heartbeat);
        });
        assertThat(stores.ttl(LiveKeys.executor(executorId)).toSeconds()).isBetween(1L, 30L);
        assertThat(stores.redis().key().exists(LiveKeys.executor(stale.executorId()))).as("stale").isFalse();
    }
}
