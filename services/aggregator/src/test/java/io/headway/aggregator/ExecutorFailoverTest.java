package io.headway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.CheckpointSaved;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.JobRequest;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.RetryScheduled;
import io.headway.events.kafka.ExecutorHeartbeatSerializer;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job whose executor stops beating is handed to another executor: its next attempt with no executor named on
 * {@code headway.progress} and its request again on the requests topic, once, in one transaction; a job whose executor
 * beats is left alone. At test scale: {@code failover-after} is 3 s.
 */
@QuarkusTest
class ExecutorFailoverTest extends StackTest {

    private static final String REQUESTS = "headway.job-requests.aggregator-test";

    private final String tenant = TestIds.jobId("tenant");

    @BeforeAll
    static void requestsTopic() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(REQUESTS, 6, (short) 1))).all().get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
    }

    @Test
    void aJobWhoseExecutorWentSilentIsHandedToAnotherExecutorOnceWithWhatItsSubmissionAsked() {
        String executor = TestIds.jobId("executor");
        String jobId = TestIds.jobId("orphan");
        try (TopicReader requests = TopicReader.fromNow(REQUESTS);
                TopicReader events = TopicReader.fromNow(Topics.PROGRESS)) {
            beat(executor);
            progress.send(new JobSubmitted(UUID.randomUUID(), jobId, Instant.now(), "gateway", tenant, "scan",
                            Map.of("items", "40"), 5, null, Map.of("team", "data"), List.of(), false, 60_000L, 4),
                    new JobStarted(UUID.randomUUID(), jobId, Instant.now(), executor, 1, executor, List.of()),
                    new CheckpointSaved(UUID.randomUUID(), jobId, Instant.now(), executor, "item=7", null));

            JobRequest again = await().atMost(PATIENCE).until(() -> requestsOf(requests, jobId), r -> !r.isEmpty())
                    .getFirst();
            assertThat(again).isEqualTo(new JobRequest(jobId, tenant, "scan", Map.of("items", "40"), 5, null,
                    Map.of("team", "data"), 60_000L, 4, again.submittedAt(), "aggregator", 2));
            RetryScheduled next = await().atMost(PATIENCE).until(() -> retries(events, jobId), r -> !r.isEmpty())
                    .getFirst();
            assertThat(next.attempt()).isEqualTo(2);
            assertThat(next.executorId()).as("for whichever executor is free").isNull();
            assertThat(next.cause()).startsWith("executor " + executor + " was lost (no heartbeat for ");

            await().atMost(PATIENCE).until(() -> stores.rows("SELECT status FROM jobs WHERE job_id = ?", jobId),
                    rows -> rows.equals(List.of(List.of("RETRYING"))));
            await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> requestsOf(requests, jobId).size() == 1
                    && retries(events, jobId).size() == 1);
        }
    }

    @Test
    void aJobWhoseExecutorBeatsOrThatNoExecutorHoldsIsLeftAlone() {
        String executor = TestIds.jobId("executor");
        String held = TestIds.jobId("held");
        String unheld = TestIds.jobId("unheld");
        try (TopicReader requests = TopicReader.fromNow(REQUESTS);
                var heartbeats = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalStack.kafkaBootstrap()), new StringSerializer(), new ExecutorHeartbeatSerializer())) {
            progress.send(new JobSubmitted(UUID.randomUUID(), held, Instant.now(), "gateway", tenant, "scan",
                            Map.of(), 0, null, Map.of(), List.of(), false),
                    new JobStarted(UUID.randomUUID(), held, Instant.now(), executor, 1, executor, List.of()),
                    new JobSubmitted(UUID.randomUUID(), unheld, Instant.now(), "gateway", tenant, "scan",
                            Map.of(), 0, null, Map.of(), List.of(), false));

            await().during(Duration.ofSeconds(6)).atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
                beat(heartbeats, executor);
                return requestsOf(requests, held).isEmpty() && requestsOf(requests, unheld).isEmpty();
            });
        }
    }

    private static void beat(String executor) {
        try (var heartbeats = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()), new StringSerializer(), new ExecutorHeartbeatSerializer())) {
            beat(heartbeats, executor);
        }
    }

    private static void beat(KafkaProducer<String, ExecutorHeartbeat> heartbeats, String executor) {
        heartbeats.send(new ProducerRecord<>(Topics.EXECUTORS, executor,
                new ExecutorHeartbeat(executor, Instant.now(), 4, 1, 0, Map.of("scan", 1), false)));
        heartbeats.flush();
    }

    private static List<JobRequest> requestsOf(TopicReader requests, String jobId) {
        return requests.recordsWithKey(jobId).stream().map(r -> WireType.JOB_REQUESTS.codec().decode(r.value()))
                .toList();
    }

    private static List<RetryScheduled> retries(TopicReader events, String jobId) {
        return events.recordsWithKey(jobId).stream().map(r -> WireType.PROGRESS.codec().decode(r.value()))
                .filter(RetryScheduled.class::isInstance).map(RetryScheduled.class::cast).toList();
    }
}
