package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.events.JobSnapshot;
import io.headway.events.JobStarted;
import io.headway.events.ProgressEvent;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobStatus;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Headway scaled out on one machine: two gateways, two aggregators and three executors at once, as separate
 * processes on the local stack. Clients on either gateway see every job, whichever gateway it was submitted to and
 * whichever aggregator folded it; the executors share the work, and an idle one takes waiting work while the others
 * are busy; and when one aggregator is killed, the other takes its partitions over and history still holds every event
 * exactly once.
 *
 * <p>Seven JVMs take minutes to start on two cores, so this runs in a profile of its own:
 * {@code bash deploy/local/headway.sh test -Pscale-out}.
 */
@Tag("scale-out")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final String RUN = TestIds.jobId("scale-out");

    private static final List<ServiceProcess> AGGREGATORS = Stream.of("a", "b")
            .map(name -> Platform.aggregator(RUN, "ScaleOutIT-aggregator-" + name, List.of())).toList();
    private static final List<ServiceProcess> GATEWAYS = Stream.of("a", "b")
            .map(name -> Platform.gateway(RUN, "ScaleOutIT-gateway-" + name, List.of())).toList();
    private static final List<ServiceProcess> EXECUTORS = Stream.of("1", "2", "3")
            .map(name -> Platform.executor(RUN, RUN + "-" + name, "ScaleOutIT-executor-" + name)).toList();

    @BeforeAll
    static void start() throws Exception {
        try (Admin admin = Platform.admin()) {
            admin.createTopics(List.of(new NewTopic(Platform.requestsTopic(RUN), 6, (short) 1))).all().get();
        }
        CompletableFuture.allOf(all().map(service -> CompletableFuture.runAsync(service::start))
                .toArray(CompletableFuture[]::new)).join();
        Platform.awaitSharing(RUN, 3);
        Platform.awaitAssigned(RUN + "-aggregator", 2, Topics.PROGRESS);
    }

    @AfterAll
    static void stop() throws Exception {
        all().forEach(ServiceProcess::stop);
        try (Admin admin = Platform.admin()) {
            admin.deleteTopics(List.of(Platform.requestsTopic(RUN))).all().get();
        }
    }

    @Test
    @Order(1)
    void clientsOnEitherGatewaySeeEveryJobAndTheExecutorsShareTheWork() throws Exception {
        try (StreamClient onA = stream(GATEWAYS.get(0)); StreamClient onB = stream(GATEWAYS.get(1));
                TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            // Twelve jobs of half a second each, submitted to the two gateways in turn.
            List<String> jobs = submit(12, "{\"size\": \"10\", \"delayMs\": \"50\"}");

            for (String job : jobs) {
                onA.awaitSnapshot(job, JobStatus.SUCCEEDED);
                onB.awaitSnapshot(job, JobStatus.SUCCEEDED);
            }
            Set<String> executors = jobs.stream().flatMap(job -> progress.recordsWithKey(job).stream())
                    .map(r -> WireType.PROGRESS.codec().decode(r.value()))
                    .filter(JobStarted.class::isInstance).map(e -> ((JobStarted) e).executorId())
                    .collect(Collectors.toSet());
            assertThat(executors).as("executors that started one of the jobs").hasSizeGreaterThan(1);
            assertHistoryHoldsEveryEventOnce(jobs, progress);
        }
    }

    @Test
    @Order(2)
    void anIdleExecutorTakesWaitingWorkWhileTheOthersAreBusy() throws Exception {
        String idle = RUN + "-3";
        try (StreamClient client = stream(GATEWAYS.get(0))) {
            // Twelve long jobs fill the twelve slots (four per executor); then the idle one's are cancelled.
            List<String> busy = submit(12, "{\"size\": \"1000\", \"delayMs\": \"200\"}");
            Map<String, String> executorOf = new HashMap<>();
            for (String job : busy) {
                executorOf.put(job, client.awaitSnapshot(job, JobStatus.RUNNING).state().executorId());
            }
            List<String> onIdle = busy.stream().filter(job -> executorOf.get(job).equals(idle)).toList();
            assertThat(onIdle).as("each executor took as many as it has slots").hasSize(4);
            cancel(onIdle);
            for (String job : onIdle) {
                client.awaitSnapshot(job, JobStatus.CANCELLED);
            }

            List<String> waiting = submit(4, "{\"size\": \"3\", \"delayMs\": \"10\"}");
            for (String job : waiting) {
                assertThat(client.awaitSnapshot(job, JobStatus.SUCCEEDED).state().executorId())
                        .as("the only executor with room").isEqualTo(idle);
            }
            cancel(busy.stream().filter(job -> !onIdle.contains(job)).toList());
        }
    }

    @Test
    @Order(3)
    void aKilledAggregatorsPartitionsMoveToTheOtherAndNothingIsLost() throws Exception {
        try (StreamClient onA = stream(GATEWAYS.get(0)); StreamClient onB = stream(GATEWAYS.get(1));
                TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            // Twelve jobs of about six seconds: the three executors (four at once each) run them all together.
            List<String> jobs = submit(12, "{\"size\": \"60\", \"delayMs\": \"100\"}");
            for (String job : jobs) {
                onA.awaitSnapshot(job, JobStatus.RUNNING);
            }

            AGGREGATORS.get(0).kill();

            for (String job : jobs) {
                JobSnapshot done = onB.awaitSnapshot(job, JobStatus.SUCCEEDED);
                assertThat(done.state().progress()).isEqualTo(1.0);
                onA.awaitSnapshot(job, JobStatus.SUCCEEDED);
            }
            assertHistoryHoldsEveryEventOnce(jobs, progress);
        }
    }

    /** Each job's history over REST holds exactly the events its topic holds, each once. */
    private void assertHistoryHoldsEveryEventOnce(List<String> jobs, TopicReader progress) {
        for (String job : jobs) {
            // The reader polls a batch at a time: read until it holds the job's end, so none of its events is missing.
            List<ProgressEvent> events = await().atMost(Duration.ofSeconds(60)).until(() -> progress
                    .recordsWithKey(job).stream().map(r -> WireType.PROGRESS.codec().decode(r.value())).toList(),
                    read -> !read.isEmpty() && read.getLast().isTerminal());
            List<String> sent = events.stream().map(e -> e.eventId().toString()).toList();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(historyOf(job))
                    .as("history of %s", job).containsExactlyInAnyOrderElementsOf(sent));
        }
    }

    private static List<String> historyOf(String job) throws Exception {
        List<String> ids = new ArrayList<>();
        String after = "-1";
        while (after != null) {
            JsonNode page = get("/api/v1/jobs/" + job + "/events?limit=500&after=" + after);
            page.path("items").forEach(item -> ids.add(item.path("eventId").asText()));
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        }
        return ids;
    }

    /** Submits {@code count} demo jobs to the two gateways in turn. */
    private static List<String> submit(int count, String parameters) throws Exception {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(api(GATEWAYS.get(i % 2)).call("POST", "/api/v1/jobs",
                    "{\"type\": \"demo\", \"parameters\": " + parameters + "}", 202).path("jobId").asText());
        }
        return jobs;
    }

    private static void cancel(List<String> jobs) throws Exception {
        for (String job : jobs) {
            api(GATEWAYS.get(0)).call("POST", "/api/v1/jobs/" + job + "/cancel", "{\"reason\": \"done with it\"}",
                    202);
        }
    }

    private static JsonNode get(String path) throws Exception {
        return api(GATEWAYS.get(1)).get(path);
    }

    private static StreamClient stream(ServiceProcess gateway) {
        StreamClient client = api(gateway).stream().patience(Duration.ofSeconds(90));
        client.send(Subscribe.everything());
        client.await(ServerMessage.Subscribed.class);
        return client;
    }

    private static Api api(ServiceProcess gateway) {
        return new Api(gateway, Platform.key(RUN));
    }

    private static Stream<ServiceProcess> all() {
        return Stream.of(AGGREGATORS, GATEWAYS, EXECUTORS).flatMap(List::stream);
    }
}
