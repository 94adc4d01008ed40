package io.headway.gateway.stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.headway.events.JobSnapshot;
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
import io.headway.events.state.JobStatus;
import io.headway.gateway.ErrorLog;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.FakeJob;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Role;
import io.headway.livestore.LiveKeys;
import io.headway.stream.ClientMessage.GetBatchProgress;
import io.headway.stream.ClientMessage.GetProgress;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.LogPosition;
import io.headway.stream.ServerMessage;
import io.headway.stream.ServerMessage.Snapshot;
import io.headway.stream.SseClient;
import io.headway.stream.StreamClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
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
    StreamFeeds feeds;

    @Inject
    LiveSnapshots pushes;

    @Inject
    RedisDataSource redis;

    @Inject
    DataSource jdbc;

    @Inject
    KafkaClientService kafkaClients;

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
            client.send(Subscribe.jobs(jobId).withId("r1"));

            client.awaitSnapshot(jobId, JobStatus.QUEUED);
            ServerMessage.Subscribed ack = client.await(ServerMessage.Subscribed.class);
            assertThat(ack.id()).isEqualTo("r1");
            assertThat(ack.jobs()).isEqualTo(1);
        }
    }

    @Test
    void aSnapshotPushedByTheAggregatorReachesSubscribersBeforeJobStateHasIt() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        try (StreamClient client = followingWithPushes(job)) {
            // On the tenant's Redis channel only: job-state never gets this one.
            job.apply(progress(job.id(), 0.3)).push(redis);

            assertThat(client.await(Snapshot.class, s -> s.jobId().equals(job.id()) && s.sequence() == 2)
                    .state().progress()).isEqualTo(0.3);
        }
    }

    @Test
    void withThePushOnTheJobStateFeedFetchesInBulk() {
        // Set by JobStateFeedFetch alone: application.properties gives the channel no fetch settings.
        Map<String, Object> feed = Map.copyOf(kafkaClients.getConsumer(StreamFeeds.JOB_STATE).configuration());
        assertThat(feed).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250);
    }

    @Test
    void aSnapshotThatCameBothWaysReachesTheClientOnce() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        try (StreamClient client = followingWithPushes(job)) {
            job.apply(progress(job.id(), 0.3)).push(redis).publish(redis);
            job.apply(progress(job.id(), 0.6)).publish(redis).push(redis);
            job.apply(new JobSucceeded(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "test", "done"))
                    .publish(redis);

            client.awaitSnapshot(job.id(), JobStatus.SUCCEEDED);
            // Whichever way a snapshot came first, it came once; one overtaken by a newer one may be skipped.
            assertThat(client.snapshots().stream().filter(s -> s.jobId().equals(job.id())).map(JobSnapshot::sequence)
                    .toList()).isSorted().doesNotHaveDuplicates().startsWith(1L).endsWith(4L);
        }
    }

    /** A client following the job, which it has seen queued, on a gateway that listens for pushed snapshots. */
    private StreamClient followingWithPushes(FakeJob job) {
        StreamClient client = StreamClient.connect(ws(), tenant.key());
        client.send(Subscribe.jobs(job.id()));
        client.awaitSnapshot(job.id(), JobStatus.QUEUED);
        Awaitility.await().until(pushes::listening);
        return client;
    }

    @Test
    void aPushedSnapshotGoesOnlyToItsOwnTenantAndAnUnreadableOneIsLeftAlone() {
        Tenant other = GatewayTestSupport.newTenant(keys);
        FakeJob theirs = new FakeJob(other.name(), null, Map.of());
        FakeJob ours = new FakeJob(tenant.name(), null, Map.of());
        try (StreamClient client = StreamClient.connect(ws(), tenant.key())) {
            client.send(Subscribe.everything().withId("all"));
            client.await(ServerMessage.Subscribed.class);
            Awaitility.await().until(pushes::listening);

            redis.pubsub(String.class).publish(LiveKeys.snapshots(tenant.name()), "{\"jobId\": ");
            theirs.push(redis, tenant.name());
            ours.push(redis);

            client.awaitSnapshot(ours.id(), JobStatus.QUEUED);
            assertThat(client.snapshots()).extracting(JobSnapshot::jobId).doesNotContain(theirs.id());
        }
    }

    @Test
    void restShowsWhatTheStreamShowsEvenBeforeRedisHasIt() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        try (StreamClient client = StreamClient.connect(ws(), tenant.key())) {
            client.send(Subscribe.jobs(job.id()));
            client.awaitSnapshot(job.id(), JobStatus.QUEUED);

            // On job-state only, as the aggregator publishes before it writes Redis.
            job.apply(new ProgressReported(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "x", null, 0.4,
                    null, null, null, "working", Map.of()));
            GatewayTestSupport.send(WireType.JOB_STATE, Topics.JOB_STATE, job.id(), job.snapshot());
            client.await(Snapshot.class, s -> s.jobId().equals(job.id()) && s.sequence() == 2);

            given().header("Authorization", GatewayTestSupport.bearer(tenant)).get("/api/v1/jobs/" + job.id())
                    .then().statusCode(200).body("sequence", equalTo(2))
                    .body("state.progress", equalTo(0.4f));
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
            byJob.send(Subscribe.jobs(other.id()));
            byBatch.send(Subscribe.batch(batch));
            byLabel.send(Subscribe.labels(Map.of("team", "search")));
            all.send(Subscribe.everything());
            List.of(byJob, byBatch, byLabel, all).forEach(c -> c.await(ServerMessage.Subscribed.class));
            all.awaitSnapshot(inBatch.id(), JobStatus.QUEUED);

            inBatch.apply(progress(inBatch.id(), 0.5)).publish(redis);
            other.apply(progress(other.id(), 0.25)).publish(redis);

            byJob.await(Snapshot.class, s -> s.jobId().equals(other.id()) && s.state().progress() > 0);
            byBatch.await(Snapshot.class, s -> s.jobId().equals(inBatch.id()) && s.sequence() == 2);
            byLabel.await(Snapshot.class, s -> s.jobId().equals(inBatch.id()) && s.sequence() == 2);
            all.await(Snapshot.class, s -> s.jobId().equals(other.id()) && s.sequence() == 2);
            all.await(Snapshot.class, s -> s.jobId().equals(inBatch.id()) && s.sequence() == 2);

            assertThat(byJob.messages(Snapshot.class)).allMatch(s -> s.jobId().equals(other.id()));
            assertThat(byBatch.messages(Snapshot.class)).allMatch(s -> s.jobId().equals(inBatch.id()));
            assertThat(byLabel.messages(Snapshot.class)).allMatch(s -> s.jobId().equals(inBatch.id()));
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
            client.send(new GetProgress("p", job.id()));
            client.send(new GetBatchProgress("b", batch));
            client.send(new GetProgress("x", "no-such-job"));

            ServerMessage.Progress reply = client.await(ServerMessage.Progress.class);
            assertThat(reply.id()).isEqualTo("p");
            assertThat(reply.snapshot().state().status()).isEqualTo(JobStatus.QUEUED);
            ServerMessage.BatchProgressReply batchReply = client.await(ServerMessage.BatchProgressReply.class);
            assertThat(batchReply.batch().jobs()).isEqualTo(1);
            ServerMessage.Error missing = client.await(ServerMessage.Error.class);
            assertThat(missing.id()).isEqualTo("x");
            assertThat(missing.code()).isEqualTo(ServerMessage.ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void aClientResumingAllLearnsHowTheJobsItHeldEndedWhileItWasAway() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        long seen;
        try (StreamClient first = StreamClient.connect(ws(), tenant.key())) {
            first.send(Subscribe.everything());
            seen = first.awaitSnapshot(job.id(), JobStatus.QUEUED).sequence();
        }
        try (StreamClient watcher = StreamClient.connect(ws(), tenant.key())) {
            watcher.send(Subscribe.jobs(job.id()));
            watcher.await(ServerMessage.Subscribed.class);
            job.apply(new JobSucceeded(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "test", "done"))
                    .publish(redis);
            watcher.awaitSnapshot(job.id(), JobStatus.SUCCEEDED); // the end has gone by on the live feed
        }

        try (StreamClient again = StreamClient.connect(ws(), tenant.key())) {
            again.send(Subscribe.everything().resuming(Map.of(job.id(), seen), Map.of()));
            again.awaitSnapshot(job.id(), JobStatus.SUCCEEDED);
        }
    }

    @Test
    void aClientThatReconnectsWithWhatItHasGetsEveryLogLineOnceAndNoStaleState() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        aggregatorWritesLogs(job.id(), 1, 5);
        List<ServerMessage.Line> lines = new ArrayList<>();
        long seen;
        try (StreamClient first = StreamClient.connect(ws(), tenant.key())) {
            first.send(Subscribe.jobs(job.id()).withLogs());
            awaitLines(first, 5);
            logsArriveLive(job.id(), 6, 10);
            awaitLines(first, 10);
            lines.addAll(lines(first));
            seen = first.messages(Snapshot.class).getLast().sequence();
        }
        aggregatorWritesLogs(job.id(), 11, 15);

        try (StreamClient again = StreamClient.connect(ws(), tenant.key())) {
            again.send(Subscribe.jobs(job.id()).withLogs()
                    .resuming(Map.of(job.id(), seen), Map.of(job.id(), new LogPosition(1, 10))));
            again.await(ServerMessage.Subscribed.class);
            logsArriveLive(job.id(), 16, 20);
            awaitLines(again, 10);
            job.apply(progress(job.id(), 0.9)).publish(redis);
            again.awaitSnapshot(job.id(), null);

            lines.addAll(lines(again));
            assertThat(again.messages(Snapshot.class)).as("no snapshot it already had")
                    .allMatch(s -> s.sequence() > seen);
        }
        assertThat(lines).extracting(ServerMessage.Line::sequence)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> (long) i).toList());
    }

    @Test
    void aSlowClientIsCoalescedWhileAFastOneGetsEveryChangeAndBothEndTerminal() {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        int changes = 10_000;
        try (StreamClient fast = StreamClient.connect(ws(), tenant.key());
                StreamClient slow = StreamClient.slow(ws(), tenant.key())) {
            fast.send(Subscribe.jobs(job.id()));
            slow.send(Subscribe.jobs(job.id()));
            fast.await(ServerMessage.Subscribed.class);
            slow.await(ServerMessage.class);

            // Changes come in bursts of 500, each once the fast client has the last: a client that keeps up.
            for (int i = 1; i < changes; i++) {
                job.apply(progress(job.id(), (double) i / changes));
                GatewayTestSupport.sendQuietly(WireType.JOB_STATE, Topics.JOB_STATE, job.id(), job.snapshot());
                if (i % 500 == 0) {
                    long sequence = job.snapshot().sequence();
                    fast.await(Snapshot.class, s -> s.sequence() == sequence);
                }
            }
            job.apply(new JobSucceeded(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "test", "done"))
                    .publish(redis);
            long last = job.snapshot().sequence();
            fast.awaitSnapshot(job.id(), JobStatus.SUCCEEDED);
            slow.read(Long.MAX_VALUE);
            slow.awaitSnapshot(job.id(), JobStatus.SUCCEEDED);

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
    void aCoalescingSubscriptionGetsEachJobsNewestStateTogetherAndAJobsEndAtOnce() {
        FakeJob running = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        FakeJob ending = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        try (StreamClient client = StreamClient.connect(ws(), tenant.key())) {
            // The longest interval: within this test only a job's end can send what waits.
            client.send(Subscribe.everything().coalescing(10_000));
            ServerMessage.Subscribed ack = client.await(ServerMessage.Subscribed.class);
            assertThat(client.messages().indexOf(ack)).as("the current snapshots, together, before the reply")
                    .isEqualTo(1);
            assertThat(client.snapshots()).extracting(JobSnapshot::jobId).contains(running.id(), ending.id());

            for (int i = 1; i <= 20; i++) {
                running.apply(progress(running.id(), i / 100.0)).publish(redis);
            }
            ending.apply(new JobSucceeded(UUID.randomUUID(), ending.id(), GatewayTestSupport.now(), "test", "done"))
                    .publish(redis);
            ServerMessage.Snapshots together = client.await(ServerMessage.Snapshots.class,
                    m -> m.snapshots().stream().anyMatch(s -> s.state().status() == JobStatus.SUCCEEDED));

            assertThat(together.snapshots()).extracting(s -> s.jobId() + "@" + s.sequence())
                    .containsExactlyInAnyOrder(running.id() + "@" + running.snapshot().sequence(),
                            ending.id() + "@" + ending.snapshot().sequence());
            assertThat(client.messages(Snapshot.class)).as("never one by one").isEmpty();
        }
    }

    @Test
    void aJobsEndInABatchFlushesTheNewestStatesOfTheWholeBatch() {
        FakeJob running = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        FakeJob ending = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        try (StreamClient client = StreamClient.connect(ws(), tenant.key())) {
            client.send(Subscribe.everything().coalescing(10_000));
            client.await(ServerMessage.Subscribed.class);
            running.apply(progress(running.id(), 0.5));
            ending.apply(new JobSucceeded(UUID.randomUUID(), ending.id(), GatewayTestSupport.now(), "test", "done"));

            // One fetch of two partitions: the end of one job first, then another job's newer state, written earlier
            // on its own partition. Handed to the feed as such a batch, so the order is certain.
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch = new LinkedHashMap<>();
            batch.put(new TopicPartition(Topics.JOB_STATE, 0), List.of(record(0, ending)));
            batch.put(new TopicPartition(Topics.JOB_STATE, 1), List.of(record(1, running)));
            feeds.snapshots(new ConsumerRecords<>(batch, Map.of()));
            ServerMessage.Snapshots together = client.await(ServerMessage.Snapshots.class,
                    m -> m.snapshots().stream().anyMatch(s -> s.state().status() == JobStatus.SUCCEEDED));

            assertThat(together.snapshots()).extracting(s -> s.jobId() + "@" + s.sequence())
                    .containsExactlyInAnyOrder(running.id() + "@" + running.snapshot().sequence(),
                            ending.id() + "@" + ending.snapshot().sequence());
        }
    }

    private static ConsumerRecord<String, byte[]> record(int partition, FakeJob job) {
        return new ConsumerRecord<>(Topics.JOB_STATE, partition, 0, job.id(),
                WireType.JOB_STATE.codec().encode(job.snapshot()));
    }

    @Test
    void sseCoalescesToo() throws Exception {
        FakeJob job = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        try (SseClient client = SseClient.connect(URI.create(sse + "?jobId=" + job.id() + "&coalesceMs=50"),
                tenant.key(), null)) {
            // The change comes once the subscription holds, so it reaches the client as a change, not as the state
            // the subscription starts from.
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.events().stream().anyMatch(e -> "subscribed".equals(e.name())));
            job.apply(progress(job.id(), 0.5)).publish(redis);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.events().stream()
                        .anyMatch(e -> "snapshots".equals(e.name()) && e.data().contains("\"sequence\":2,")));
            } catch (ConditionTimeoutException e) {
                // This failed once in a fresh-clone CI run and never here: say what the client did get.
                throw new AssertionError("no coalesced change came; the client got " + client.events().stream()
                        .map(event -> event.name() + " " + event.data().substring(0, Math.min(160,
                                event.data().length()))).toList(), e);
            }
            assertThat(client.events()).noneMatch(e -> "snapshot".equals(e.name()));
            assertThat(client.fields()).as("only the fields the SSE standard has").containsOnly("id", "event", "data");
        }
    }

    @Test
    void aKeyRevokedHereEndsItsStreamsAtOnce() {
        ApiKeyStore.Issued doomed = keys.issue(tenant.name(), "doomed", EnumSet.of(Role.READ)).await()
                .atMost(Duration.ofSeconds(10));
        try (StreamClient client = StreamClient.connect(ws(), doomed.key())) {
            client.send(Subscribe.everything());
            client.await(ServerMessage.Subscribed.class);

            keys.revoke(tenant.name(), doomed.apiKey().keyId()).await().atMost(Duration.ofSeconds(10));

            assertThat(client.awaitClose()).isEqualTo(1008);
            assertThat(client.messages(ServerMessage.Error.class)).extracting(ServerMessage.Error::code)
                    .containsExactly(ServerMessage.ErrorCode.UNAUTHORIZED);
        }
    }

    @Test
    void aKeyRevokedElsewhereEndsItsStreamsWithinTheKeyCacheTime() throws Exception {
        ApiKeyStore.Issued doomed = keys.issue(tenant.name(), "doomed", EnumSet.of(Role.READ)).await()
                .atMost(Duration.ofSeconds(10));
        try (StreamClient client = StreamClient.connect(ws(), doomed.key());
                SseClient events = SseClient.connect(URI.create(sse + "?all=true"), doomed.key(), null)) {
            client.send(Subscribe.everything());
            client.await(ServerMessage.Subscribed.class);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> events.events().stream().anyMatch(e -> "subscribed".equals(e.name())));

            // As another gateway instance (or an operator in SQL) would: nothing on this instance is told.
            try (Connection connection = jdbc.getConnection(); PreparedStatement revoke = connection.prepareStatement(
                    "UPDATE api_keys SET revoked_at = now() WHERE key_id = ?")) {
                revoke.setString(1, doomed.apiKey().keyId());
                assertThat(revoke.executeUpdate()).isEqualTo(1);
            }

            assertThat(client.awaitClose()).isEqualTo(1008);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(events::ended);
            assertThat(events.events()).anyMatch(e -> "error".equals(e.name()) && e.data().contains("unauthorized"));
        }
    }

    @Test
    void refusedUpgradesAndOversizedMessagesAreAnsweredWithoutAnErrorInTheLog() {
        try (ErrorLog log = ErrorLog.open()) {
            for (int i = 0; i < 3; i++) {
                URI withKeyInUrl = URI.create(ws() + "?access_token=hw_not-a-key-" + i);
                assertThatThrownBy(() -> StreamClient.connect(withKeyInUrl, null)).hasStackTraceContaining("401");
                assertThatThrownBy(() -> StreamClient.connect(ws(), "hw_not-a-key")).hasStackTraceContaining("401");
                assertThatThrownBy(() -> StreamClient.withTicket(ws(), "hwt_made-up")).hasStackTraceContaining("401");
            }
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> log.errors().isEmpty());

            try (StreamClient client = StreamClient.connect(ws(), tenant.key())) {
                client.sendText("{\"type\": \"get_progress\", \"jobId\": \"" + "x".repeat(20_000_000) + "\"}");
                assertThat(client.awaitClose()).as("too big").isEqualTo(1009);
            }
            assertThat(log.errors()).as("nothing a client can make the gateway log as an error").isEmpty();
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
            client.sendText("{not json");
            client.sendText("{\"type\": \"subscribe\", \"colour\": \"red\"}");
            client.sendText("{\"type\": \"dance\"}");
            client.sendText("{\"type\": \"subscribe\", \"id\": \"r4\"}");
            client.send(Subscribe.jobs(IntStream.range(0, 201).mapToObj(i -> "j" + i).toList()));
            client.send(Subscribe.jobs("x".repeat(70_000)));
            client.sendText("{\"type\": \"subscribe\", \"id\": \"r7\", \"all\": true, \"coalesceMs\": \"soon\"}");
            client.sendText("{\"type\": \"subscribe\", \"all\": true, \"coalesceMs\": 60000}");
            client.sendBinary(new byte[] {1, 2, 3});
            client.sendText("{\"type\": \"subscribe\", \"jobIds\": [\"j\"], \"since\": {\"j\": null}}");
            client.sendText("{\"type\": \"subscribe\", \"all\": true, \"since\": {\"a\\u0000b\": 1}}");
            client.sendText("{\"type\": \"get_progress\", \"jobId\": \"a\\u0000b\"}");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.messages(ServerMessage.Error.class).size() == 12);

            assertThat(client.messages(ServerMessage.Error.class)).satisfiesExactly(
                    e -> assertThat(e.message()).startsWith("not a JSON message"),
                    e -> assertThat(e.message()).startsWith("unknown field 'colour'"),
                    e -> assertThat(e.message()).startsWith("unknown type 'dance'"),
                    e -> assertThat(e).satisfies(error -> assertThat(error.id()).isEqualTo("r4"), error -> assertThat(
                            error.message()).contains("exactly one of jobIds, batchId, labels or all")),
                    e -> assertThat(e.message()).contains("200 subscriptions"),
                    e -> assertThat(e.message()).contains("at most 65536 bytes"),
                    e -> assertThat(e).satisfies(error -> assertThat(error.id()).isEqualTo("r7"), error -> assertThat(
                            error.message()).isEqualTo("'coalesceMs' is not valid here: a whole number is expected")),
                    e -> assertThat(e.message()).contains("coalesceMs must be from 0"),
                    e -> assertThat(e.message()).contains("binary message (3 bytes)"),
                    e -> assertThat(e.message()).isEqualTo("since 'j' needs a value, not null"),
                    e -> assertThat(e.message()).contains("since must be", "without control characters"),
                    e -> assertThat(e.message()).contains("jobId must be", "without control characters"));
            assertThat(client.messages(ServerMessage.Error.class)).extracting(ServerMessage.Error::code)
                    .containsOnly(ServerMessage.ErrorCode.BAD_MESSAGE, ServerMessage.ErrorCode.LIMIT);

            client.send(Subscribe.jobs(job.id()));
            client.awaitSnapshot(job.id(), JobStatus.QUEUED);
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
                client.send(new GetProgress(null, "x"));
                client.await(ServerMessage.Error.class);
            }
            StreamClient extra = StreamClient.connect(ws(), tenant.key());
            open.add(extra);
            ServerMessage.Error refusal = extra.await(ServerMessage.Error.class);
            assertThat(refusal.message()).contains("already holds 5 stream connections");
            assertThat(extra.awaitClose()).isEqualTo(1008);
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

    private static List<ServerMessage.Line> lines(StreamClient client) {
        return client.messages(ServerMessage.Logs.class).stream().flatMap(m -> m.lines().stream()).toList();
    }

    private static List<Long> sequences(StreamClient client) {
        return client.messages(Snapshot.class).stream().map(Snapshot::sequence).toList();
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
