package io.headway.aggregator.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.CheckpointSaved;
import io.headway.events.JobSnapshot;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.kafka.ProgressEventSerializer;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.livestore.LiveKeys;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregator is killed with SIGKILL in the middle of a stream and started again; afterwards Redis, PostgreSQL and
 * job-state hold exactly what an uninterrupted run would have written. Then its consumer group is rewound to offset 0
 * and every event delivered again: nothing changes.
 */
class CrashAndReplayIT {

    private static final int JOBS = 30;
    private static final List<String> STAGES = List.of("fetch", "build", "test");

    private final String groupId = TestIds.jobId("aggregator-it");
    private final ServiceProcess aggregator = new ServiceProcess(
            Path.of(System.getProperty("aggregator.jar", "target/quarkus-app/quarkus-run.jar")),
            Stream.of("progress", "logs", "executors").flatMap(channel -> Stream.of(
                    "mp.messaging.incoming." + channel + ".group.id=" + groupId,
                    // A killed member holds its partitions until its session times out: keep that short.
                    "mp.messaging.incoming." + channel + ".session.timeout.ms=6000",
                    "mp.messaging.incoming." + channel + ".heartbeat.interval.ms=1000")).toList(),
            ServiceProcess.logFile("CrashAndReplayIT-aggregator"));
    private final Map<String, List<ProgressEvent>> eventsByJob = new LinkedHashMap<>();
    private Vertx vertx;
    private Redis redis;

    @BeforeEach
    void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, LocalStack.redisUrl());
    }

    @AfterEach
    void disconnect() {
        aggregator.stop();
        redis.close();
        vertx.close();
    }

    @Test
    void aKilledAggregatorEndsAsIfNeverInterruptedAndAReplayChangesNothing() throws Exception {
        List<ProgressEvent> stream = stream();
        try (TopicReader jobState = TopicReader.fromNow(Topics.JOB_STATE)) {
            aggregator.start();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(stream, 400));
            // Patient: on a busy machine the aggregator alone can take half a minute to start.
            await().atMost(Duration.ofSeconds(90)).until(() -> historyEventCount() >= stream.size() / 3);

            aggregator.kill();
            aggregator.start();
            producing.get(60, TimeUnit.SECONDS);

            Map<String, String> expected = expectedSnapshots();
            await().atMost(Duration.ofSeconds(90)).until(() -> liveSnapshots().equals(expected));
            // History trails the live view by design (the stores are written behind the published snapshots).
            Map<String, List<String>> expectedRows = expectedHistoryRows();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(historyRows()).isEqualTo(expectedRows));
            assertThat(historyEventCount()).isEqualTo(stream.size());
            assertThat(stageDurationCount()).isEqualTo((long) JOBS * STAGES.size());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> latestPublished(jobState), published -> published.equals(expected));

            Map<String, List<String>> rowsBefore = historyRows();
            aggregator.stop();
            rewindToStart();
            aggregator.start();
            await().atMost(Duration.ofSeconds(120)).until(this::caughtUp);

            assertThat(historyRows()).isEqualTo(rowsBefore);
            assertThat(historyEventCount()).isEqualTo(stream.size());
            assertThat(stageDurationCount()).isEqualTo((long) JOBS * STAGES.size());
            assertThat(liveSnapshots()).isEqualTo(expected);
            assertThat(latestPublished(jobState)).isEqualTo(expected);
        }
    }

    /** 30 jobs of 41 events each, interleaved as concurrent jobs would be; even jobs succeed, odd ones keep running. */
    private List<ProgressEvent> stream() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int j = 0; j < JOBS; j++) {
            String jobId = TestIds.jobId("crash");
            List<ProgressEvent> events = new ArrayList<>();
            Instant[] clock = {start};
            Supplier<Instant> tick = () -> clock[0] = clock[0].plusMillis(250);
            events.add(new JobSubmitted(UUID.randomUUID(), jobId, tick.get(), "gateway", "crash-test", "demo",
                    Map.of(), 0, "crash-batch", Map.of(), STAGES.stream().map(s -> new StagePlan(s, 1)).toList(),
                    false));
            events.add(new JobStarted(UUID.randomUUID(), jobId, tick.get(), "executor-1", 1, "executor-1",
                    List.of()));
            for (String stage : STAGES) {
                events.add(new StageStarted(UUID.randomUUID(), jobId, tick.get(), "executor-1", stage, null));
                for (int p = 1; p <= 10; p++) {
                    events.add(new ProgressReported(UUID.randomUUID(), jobId, tick.get(), "executor-1", stage,
                            p / 10.0, null, null, null, stage + " " + p, Map.of("steps", (long) p)));
                }
                events.add(new StageCompleted(UUID.randomUUID(), jobId, tick.get(), "executor-1", stage));
            }
            events.add(new CheckpointSaved(UUID.randomUUID(), jobId, tick.get(), "executor-1", "done", null));
            if (j % 2 == 0) {
                events.add(new JobSucceeded(UUID.randomUUID(), jobId, tick.get(), "executor-1", "ok"));
            }
            eventsByJob.put(jobId, events);
        }
        List<ProgressEvent> interleaved = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            for (List<ProgressEvent> events : eventsByJob.values()) {
                if (i < events.size()) {
                    interleaved.add(events.get(i));
                }
            }
        }
        return interleaved;
    }

    private void produce(List<ProgressEvent> stream, int perSecond) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ProgressEventSerializer())) {
            long started = System.nanoTime();
            for (int i = 0; i < stream.size(); i++) {
                ProgressEvent event = stream.get(i);
                producer.send(new ProducerRecord<>(Topics.PROGRESS, event.jobId(), event));
                long due = started + TimeUnit.SECONDS.toNanos(i + 1L) / perSecond;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private Map<String, String> expectedSnapshots() {
        return eventsByJob.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> json(JobSnapshot.of(JobReducer.fold(e.getKey(), e.getValue())))));
    }

    private Map<String, List<String>> expectedHistoryRows() {
        return eventsByJob.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> {
            var state = JobReducer.fold(e.getKey(), e.getValue());
            return List.of(state.status().name(), Long.toString(state.eventCount()), Double.toString(state.progress()));
        }));
    }

    private Map<String, String> liveSnapshots() throws Exception {
        Map<String, String> snapshots = new HashMap<>();
        for (String jobId : eventsByJob.keySet()) {
            Response value = redis.send(Request.cmd(Command.GET).arg(LiveKeys.snapshot(jobId)))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (value != null) {
                snapshots.put(jobId, value.toString());
            }
        }
        return snapshots;
    }

    private Map<String, String> latestPublished(TopicReader jobState) {
        Map<String, String> latest = new HashMap<>();
        jobState.records(r -> eventsByJob.containsKey(r.key()))
                .forEach(r -> latest.put(r.key(), new String(r.value(), StandardCharsets.UTF_8)));
        return latest;
    }

    /** Each job's row as (status, sequence, progress). */
    private Map<String, List<String>> historyRows() throws SQLException {
        Map<String, List<String>> rows = new HashMap<>();
        query("SELECT job_id, status, sequence, progress FROM jobs WHERE tenant = 'crash-test' AND job_id = ANY(?)",
                row -> rows.put(row.getString(1), List.of(row.getString(2), Long.toString(row.getLong(3)),
                        Double.toString(row.getDouble(4)))));
        return rows;
    }

    private long historyEventCount() throws SQLException {
        long[] count = {0};
        query("SELECT count(*) FROM job_events WHERE job_id = ANY(?)", row -> count[0] = row.getLong(1));
        return count[0];
    }

    private long stageDurationCount() throws SQLException {
        long[] count = {0};
        query("SELECT count(*) FROM stage_durations WHERE job_id = ANY(?)", row -> count[0] = row.getLong(1));
        return count[0];
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        try (Connection connection = DriverManager.getConnection(LocalStack.postgresJdbcUrl(),
                LocalStack.postgresUser(), LocalStack.postgresPassword());
                var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", eventsByJob.keySet().toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    reader.read(row);
                }
            }
        }
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        return Admin.create(properties);
    }

    private Map<TopicPartition, OffsetSpec> progressPartitions(Admin admin, OffsetSpec spec) throws Exception {
        return admin.describeTopics(List.of(Topics.PROGRESS)).allTopicNames().get().get(Topics.PROGRESS)
                .partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(Topics.PROGRESS, p.partition()), p -> spec));
    }

    /** Rewinds the stopped aggregator's group to the first retained offset of every progress partition. */
    private void rewindToStart() throws Exception {
        try (Admin admin = admin()) {
            var earliest = admin.listOffsets(progressPartitions(admin, OffsetSpec.earliest())).all().get();
            Map<TopicPartition, OffsetAndMetadata> rewound = earliest.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(groupId, rewound).all().get();
                return true;
            });
        }
    }

    /** Whether the group has committed every progress offset there is: all of it folded again. */
    private boolean caughtUp() throws Exception {
        try (Admin admin = admin()) {
            var ends = admin.listOffsets(progressPartitions(admin, OffsetSpec.latest())).all().get();
            var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue().offset());
        }
    }

    private static String json(JobSnapshot snapshot) {
        return new String(WireType.JOB_STATE.codec().encode(snapshot), StandardCharsets.UTF_8);
    }
}
