package io.headway.gateway.stream;

import static io.headway.testing.StreamClient.snapshotOf;
import static io.headway.testing.StreamClient.type;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.events.JobSucceeded;
import io.headway.events.LogBatch;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.ProgressReported;
import io.headway.events.codec.RecordCodec;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LiveKeys;
import io.headway.events.state.JobStatus;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.FakeJob;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.SseClient;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.testing.StreamClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live stream against the real Kafka, Redis and PostgreSQL, with job state written the way the aggregator writes
 * it ({@link GatewayTestSupport.FakeJob}), so each case controls exactly what changes when.
 */
@QuarkusTest
class StreamTest {

    @TestHTTPResource("/api/v1/stream")
    URI http;

    @TestHTTPResource("/api/v1/stream/sse")
    URI sse;

    @Inject
    ApiKeyStore keys;

    @Inject
    RedisDataSource redis;

    @Inject
    DataSource jdbc;

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = GatewayTestSupport.newTenant(keys);
    }

    private URI ws() {
        return URI.create(http.toString().replace("http://", "ws://"));
    }

    @Test
    void aSubmittedJobIsQueuedOnTheStreamAtOnceAndFollowsItsChanges() {
        String jobId = given().header("Authorization", GatewayTestSupport.bearer(tenant))
                .contentType(ContentType.JSON).body("{\"type\": \"demo\"}").post("/api/v1/jobs").then()
                .statusCode(202).extract().path("jobId");
        try (StreamClient client = StreamClient.connect(ws(), tenant.key())) {
            client.send("{\"type\": \"subscribe\", \"id\": \"r1\", \"jobIds\": [\"" + jobId + "\"]}");

            client.await(snapshotOf(jobId, "QUEUED"));
            JsonNode ack = client.await(type("subscribed"));
            assertThat(ack.path("id").asText()).isEqualTo("r1");
            assertThat(ack.path("jobs").asInt()).isEqualTo(1);
        }
    }

    @Test
    void subscriptionsByJobBatchLabelsAndAllEachGetTheirJobsOnly() {
        String batch = "batch-" + UUID.randomUUID();
        FakeJob inBatch = new FakeJob(tenant.name(), batch, Map.of("team", "search")).publish(redis);
        FakeJob other = new FakeJob(tenant.name(), null, Map.of("team", "ads")).publish(redis);
        try (StreamClient byJob = StreamClient.connect(ws(), tenant.key());
                StreamClient byBatch = StreamClient.connect(ws(), tenant.key());
                StreamClient byLabel = StreamClient.connect(ws(), tenant.key());
                StreamClient all = StreamClient.connect(ws(), tenant.key())) {
            byJob.send("{\"type\": \"subscribe\", \"jobIds\": [\"" + other.id() + "\"]}");
            byBatch.send("{\"type\": \"subscribe\", \"batchId\": \"" + batch + "\"}");
            byLabel.send("{\"type\": \"subscribe\", \"labels\": {\"team\": \"search\"}}");
            all.send("{\"type\": \"subscribe\", \"all\": true}");
            List.of(byJob, byBatch, byLabel, all).forEach(c -> c.await(type("subscribed")));
            all.await(snapshotOf(inBatch.id(), "QUEUED"));

            inBatch.apply(progress(inBatch.id(), 0.5)).publish(redis);
            other.apply(progress(other.id(), 0.25)).publish(redis);

            byJob.await(m -> snapshotOf(other.id(), null).test(m) && m.path("state").path("progress").asDouble() > 0);
            byBatch.await(m -> snapshotOf(inBatch.id(), null).test(m) && m.path("sequence").asLong() == 2);
            byLabel.await(m -> snapshotOf(inBatch.id(), null).test(m) && m.path("sequence").asLong() == 2);
            all.await(m -> snapshotOf(other.id(), null).test(m) && m.path("sequence").asLong() == 2);
            all.await(m -> snapshotOf(inBatch.id(), null).test(m) && m.path("sequence").asLong() == 2);

            assertThat(byJob.messages("snapshot")).allMatch(m -> m.path("jobId").asText().equals(other.id()));
            assertThat(byBatch.messages("snapshot")).allMatch(m -> m.path("jobId").asText().equals(inBatch.id()));
            assertThat(byLabel.messages("snapshot")).allMatch(m -> m.path("jobId").asText().equals(inBatch.id()));
        }
    }

    @Test
    void getProgressAndGetBatchProgressAnswerWithTheCurrentState() {
        String batch = "batch-" + UUID.randomUUID();
        FakeJob job = new FakeJob(tenant.name(), batch, Map.of()).publish(redis);
        BatchProgress progress = new BatchProgress(tenant.name(), batch, 1, Map.of(JobStatus.QUEUED, 1L), 0, null);
        redis.value(String.class).setex(LiveKeys.batch(tenant.name(), batch), 60,
                new String(new RecordCodec<>(BatchProgress.class).encode(progress), StandardCharsets.UTF_8));
        try (StreamClient client = StreamClient.connect(ws(), tenant.key())) {
            client.send("{\"type\": \"get_progress\", \"id\": \"p\", \"jobId\": \"" + job.id() + "\"}");
            client.send("{\"type\": \"get_batch_progress\", \"id\": \"b\", \"batchId\": \"" + batch + "\"}");
            client.send("{\"type\": \"get_progress\", \"id\": \"x\", \"jobId\": \"no-such-job\"}");

            JsonNode reply = client.await(type("progress"));
            assertThat(reply.path("snapshot").path("state").path("status").asText()).isEqualTo("QUEUED");
            JsonNode batchReply = client.await(type("batch_progress"));
            assertThat(batchReply.path("batch").path("jobs").asLong()).isEqualTo(1);
            JsonNode missing = client.await(type("error"));
            assertThat(missing.path("id").asText()).isEqualTo("x");
            assertThat(missing.path("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void aClientResumingAllLearnsHowTheJobsItHeldEndedWhileItWasAway() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        long seen;
        try (StreamClient first = StreamClient.connect(ws(), tenant.key())) {
            first.send("{\"type\": \"subscribe\", \"all\": true}");
            seen = first.await(snapshotOf(job.id(), "QUEUED")).path("sequence").asLong();
        }
        try (StreamClient watcher = StreamClient.connect(ws(), tenant.key())) {
            watcher.send("{\"type\": \"subscribe\", \"jobIds\": [\"" + job.id() + "\"]}");
            watcher.await(type("subscribed"));
            job.apply(new JobSucceeded(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "test", "done"))
                    .publish(redis);
            watcher.await(snapshotOf(job.id(), "SUCCEEDED")); // the end has gone by on the live feed
        }

        try (StreamClient again = StreamClient.connect(ws(), tenant.key())) {
            again.send("{\"type\": \"subscribe\", \"all\": true, \"since\": {\"" + job.id() + "\": " + seen + "}}");
            again.await(snapshotOf(job.id(), "SUCCEEDED"));
        }
    }

    @Test
    void aClientThatReconnectsWithWhatItHasGetsEveryLogLineOnceAndNoStaleState() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        aggregatorWritesLogs(job.id(), 1, 5);
        List<JsonNode> lines = new ArrayList<>();
        long seen;
        try (StreamClient first = StreamClient.connect(ws(), tenant.key())) {
            first.send("{\"type\": \"subscribe\", \"jobIds\": [\"" + job.id() + "\"], \"logs\": true}");
            awaitLines(first, 5);
            logsArriveLive(job.id(), 6, 10);
            awaitLines(first, 10);
            lines.addAll(lines(first));
            seen = first.messages("snapshot").getLast().path("sequence").asLong();
        }
        aggregatorWritesLogs(job.id(), 11, 15);

        try (StreamClient again = StreamClient.connect(ws(), tenant.key())) {
            again.send("{\"type\": \"subscribe\", \"jobIds\": [\"" + job.id() + "\"], \"logs\": true, "
                    + "\"since\": {\"" + job.id() + "\": " + seen + "}, "
                    + "\"logsAfter\": {\"" + job.id() + "\": {\"attempt\": 1, \"sequence\": 10}}}");
            again.await(type("subscribed"));
            logsArriveLive(job.id(), 16, 20);
            awaitLines(again, 10);
            job.apply(progress(job.id(), 0.9)).publish(redis);
            again.await(snapshotOf(job.id(), null));

            lines.addAll(lines(again));
            assertThat(again.messages("snapshot")).as("no snapshot it already had")
                    .allMatch(m -> m.path("sequence").asLong() > seen);
        }
        assertThat(lines).extracting(line -> line.path("sequence").asLong())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> (long) i).toList());
    }

    @Test
    void aSlowClientIsCoalescedWhileAFastOneGetsEveryChangeAndBothEndTerminal() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        int changes = 10_000;
        try (StreamClient fast = StreamClient.connect(ws(), tenant.key());
                StreamClient slow = StreamClient.slow(ws(), tenant.key())) {
            fast.send("{\"type\": \"subscribe\", \"jobIds\": [\"" + job.id() + "\"]}");
            slow.send("{\"type\": \"subscribe\", \"jobIds\": [\"" + job.id() + "\"]}");
            fast.await(type("subscribed"));
            slow.await(m -> true);

            // Changes come in bursts of 500, each once the fast client has the last: a client that keeps up.
            for (int i = 1; i < changes; i++) {
                job.apply(progress(job.id(), (double) i / changes));
                GatewayTestSupport.sendQuietly(WireType.JOB_STATE, Topics.JOB_STATE, job.id(), job.snapshot());
                if (i % 500 == 0) {
                    long sequence = job.snapshot().sequence();
                    fast.await(m -> snapshotOf(job.id(), null).test(m) && m.path("sequence").asLong() == sequence);
                }
            }
            job.apply(new JobSucceeded(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "test", "done"))
                    .publish(redis);
            long last = job.snapshot().sequence();
            fast.await(m -> snapshotOf(job.id(), "SUCCEEDED").test(m));
            slow.read(Long.MAX_VALUE);
            slow.await(m -> snapshotOf(job.id(), "SUCCEEDED").test(m));

            List<Long> fastSequences = sequences(fast);
            List<Long> slowSequences = sequences(slow);
            assertThat(fastSequences).as("every change, in order").containsExactlyElementsOf(
                    IntStream.rangeClosed(1, (int) last).mapToObj(i -> (long) i).toList());
            assertThat(slowSequences).as("fewer, newer, in order, ending terminal").isSorted()
                    .doesNotHaveDuplicates().endsWith(last);
            assertThat(slowSequences.size()).isLessThan(fastSequences.size() / 2);
        }
    }

    @Test
    void sseResumesFromLastEventIdWithoutDuplicatesOrGaps() throws Exception {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        aggregatorWritesLogs(job.id(), 1, 3);
        URI uri = URI.create(sse + "?jobId=" + job.id() + "&logs=true");
        List<SseClient.Event> received = new ArrayList<>();
        String lastId;
        try (SseClient first = SseClient.connect(uri, tenant.key(), null)) {
            assertThat(first.status()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> logLines(first.events()).size() == 3);
            job.apply(progress(job.id(), 0.3)).publish(redis);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> first.events().stream().anyMatch(e -> "snapshot".equals(e.name())
                            && e.data().contains("\"sequence\":2,")));
            received.addAll(first.events());
            lastId = received.getLast().id();
        }
        aggregatorWritesLogs(job.id(), 4, 6);
        job.apply(progress(job.id(), 0.6)).publish(redis);

        try (SseClient resumed = SseClient.connect(uri, tenant.key(), lastId)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> logLines(resumed.events()).size() == 3
                    && resumed.events().stream().anyMatch(e -> "snapshot".equals(e.name())
                            && e.data().contains("\"sequence\":3,")));
            received.addAll(resumed.events());
            assertThat(resumed.events()).filteredOn(e -> "snapshot".equals(e.name()))
                    .noneMatch(e -> e.data().contains("\"sequence\":1,") || e.data().contains("\"sequence\":2,"));
        }
        assertThat(logLines(received)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void badMessagesGetAnErrorAndTheConnectionCarriesOn() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        try (StreamClient client = StreamClient.connect(ws(), tenant.key())) {
            client.send("{not json");
            client.send("{\"type\": \"subscribe\", \"colour\": \"red\"}");
            client.send("{\"type\": \"dance\"}");
            client.send("{\"type\": \"subscribe\"}");
            client.send("{\"type\": \"subscribe\", \"jobIds\": [" + IntStream.range(0, 201)
                    .mapToObj(i -> "\"j" + i + "\"").reduce((a, b) -> a + "," + b).orElseThrow() + "]}");
            client.send("{\"type\": \"subscribe\", \"jobIds\": [\"" + "x".repeat(70_000) + "\"]}");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.messages("error").size() == 6);

            assertThat(client.messages("error")).extracting(m -> m.path("message").asText()).satisfiesExactly(
                    m -> assertThat(m).startsWith("not a JSON message"),
                    m -> assertThat(m).startsWith("unknown field 'colour'"),
                    m -> assertThat(m).startsWith("unknown type 'dance'"),
                    m -> assertThat(m).contains("exactly one of jobIds, batchId, labels or all"),
                    m -> assertThat(m).contains("200 subscriptions"),
                    m -> assertThat(m).contains("at most 65536 bytes"));

            client.send("{\"type\": \"subscribe\", \"jobIds\": [\"" + job.id() + "\"]}");
            client.await(snapshotOf(job.id(), "QUEUED"));
        }
    }

    @Test
    void aKeyHoldsALimitedNumberOfConnections() {
        List<StreamClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                open.add(StreamClient.connect(ws(), tenant.key()));
            }
            for (StreamClient client : open) {
                client.send("{\"type\": \"get_progress\", \"jobId\": \"x\"}");
                client.await(type("error"));
            }
            StreamClient extra = StreamClient.connect(ws(), tenant.key());
            open.add(extra);
            JsonNode refusal = extra.await(type("error"));
            assertThat(refusal.path("message").asText()).contains("already holds 5 stream connections");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1008).equals(
                    extra.closeCode()));
        } finally {
            open.forEach(StreamClient::close);
        }
    }

    private static ProgressReported progress(String jobId, double fraction) {
        return new ProgressReported(UUID.randomUUID(), jobId, GatewayTestSupport.now(), "test", null, fraction,
                null, null, null, "x".repeat(2000), Map.of());
    }

    /** The aggregator's part: lines in the history (and on headway.logs, which the gateway also reads). */
    private void aggregatorWritesLogs(String jobId, int from, int to) {
        try (Connection connection = jdbc.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO job_logs (job_id, attempt, sequence, at, stream, level, text) "
                        + "VALUES (?, 1, ?, ?, ?, ?, ?)")) {
            for (LogLine line : lines(from, to)) {
                insert.setString(1, jobId);
                insert.setLong(2, line.sequence());
                insert.setObject(3, line.at().atOffset(ZoneOffset.UTC));
                insert.setString(4, line.stream().name());
                insert.setString(5, line.level().name());
                insert.setString(6, line.text());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void logsArriveLive(String jobId, int from, int to) {
        GatewayTestSupport.send(WireType.LOGS, Topics.LOGS, jobId, new LogBatch(UUID.randomUUID(), jobId, 1, "test",
                GatewayTestSupport.now(), lines(from, to)));
    }

    private static List<LogLine> lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> new LogLine(i, GatewayTestSupport.now(),
                LogStream.STDOUT, LogLevel.INFO, "line " + i)).toList();
    }

    private static void awaitLines(StreamClient client, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines(client).size() >= count);
    }

    private static List<JsonNode> lines(StreamClient client) {
        List<JsonNode> lines = new ArrayList<>();
        client.messages("logs").forEach(m -> m.path("lines").forEach(lines::add));
        return lines;
    }

    private static List<Long> sequences(StreamClient client) {
        return client.messages("snapshot").stream().map(m -> m.path("sequence").asLong()).toList();
    }

    private static List<Long> logLines(List<SseClient.Event> events) {
        List<Long> sequences = new ArrayList<>();
        Set<String> kinds = new HashSet<>(Set.of("logs"));
        events.stream().filter(e -> kinds.contains(e.name())).forEach(e -> {
            int at = 0;
            while ((at = e.data().indexOf("\"sequence\":", at)) >= 0) {
                at += 11;
                int end = at;
                while (Character.isDigit(e.data().charAt(end))) {
                    end++;
                }
                sequences.add(Long.parseLong(e.data().substring(at, end)));
            }
        });
        return sequences;
    }
}
