package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.events.EtaEstimated;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ETA as a user meets it, with the aggregator, the gateway and the eta-predictor as real processes: three jobs of
 * a type finish (each in about a minute of its own event time), so the next one gets an estimate from history the
 * moment it starts, before it has reported any progress; the job's snapshot carries it over REST and the WebSocket;
 * the predictor scores itself (Prometheus and the gateway's JSON report); and a predictor killed with SIGKILL and
 * started again still knows the history.
 */
@ExtendWith(SharedPlatform.class)
class EtaFlowIT {

    private static final Path SERVICES = Path.of(System.getProperty("services.dir", "../services"));
    private static final List<StagePlan> STAGES = List.of(new StagePlan("fetch", 1), new StagePlan("crunch", 3));
    private static final long TYPICAL_MS = 60_000;

    private static Platform platform;
    private static Platform.Tenant owner;

    private final String run = TestIds.jobId("eta-e2e");
    private final String jobType = "nightly-" + run;
    private final String source = "eta-" + run;
    private final List<String> predictorSettings = List.of(
            "headway.eta.group-id=" + run + "-eta",
            "headway.eta.source=" + source);
    private ServiceProcess predictor = predictor();
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void platform(Platform shared) throws Exception {
        platform = shared;
        owner = shared.tenant("eta-e2e");
    }

    @BeforeEach
    void start() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer());
        predictor.start();
    }

    @AfterEach
    void stop() {
        producer.close();
        predictor.stop();
    }

    @Test
    void laterRunsGetAnEtaFromHistoryThatSurvivesARestart() throws Exception {
        Instant base = Instant.now().minus(Duration.ofMinutes(15));
        List<String> history = new ArrayList<>();
        long[] durations = {57_000, 60_000, 63_000};
        for (int i = 0; i < durations.length; i++) {
            String jobId = TestIds.jobId(run);
            history.add(jobId);
            send(wholeJob(jobId, base.plus(Duration.ofSeconds(90L * i)), durations[i]));
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> "SUCCEEDED".equals(
                get("/api/v1/jobs/" + history.getLast()).path("state").path("status").asText()));

        // The predictor scored its estimates of the finished jobs: as metrics and in the tenant's JSON report.
        await().atMost(Duration.ofSeconds(30)).until(() -> predictor.metrics().lines()
                .anyMatch(l -> l.startsWith("headway_eta_error_ratio_count") && l.contains(jobType)));
        JsonNode report = await().atMost(Duration.ofSeconds(30)).until(() -> typeReport(), Optional::isPresent)
                .orElseThrow();
        assertThat(report.path("jobs").asLong()).isEqualTo(3);
        assertThat(report.path("checkpoints").findValuesAsText("level"))
                .containsExactly("0.1", "0.25", "0.5", "0.75", "0.9");
        assertThat(report.path("rangeHeld").asDouble()).isBetween(0.0, 1.0);

        try (TopicReader estimates = TopicReader.fromNow(Topics.PROGRESS)) {
            String fourth = TestIds.jobId(run);
            send(start(fourth, Instant.now()));
            EtaEstimated fromHistory = awaitEstimate(estimates, fourth);
            assertThat(fromHistory.remainingMs()).as("about what the three before took").isBetween(40_000L, 90_000L);
            assertThat(fromHistory.lowMs()).isLessThanOrEqualTo(TYPICAL_MS);
            assertThat(fromHistory.highMs()).isGreaterThanOrEqualTo(TYPICAL_MS);
            assertThat(fromHistory.model()).startsWith("headway");

            JsonNode eta = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                    () -> get("/api/v1/jobs/" + fourth).path("state").path("eta"), node -> !node.isMissingNode());
            assertThat(eta.path("lowMs").asLong()).isLessThanOrEqualTo(eta.path("remainingMs").asLong());
            assertThat(eta.path("remainingMs").asLong()).isLessThanOrEqualTo(eta.path("highMs").asLong());
            try (StreamClient stream = platform.api(owner.key()).stream()) {
                stream.send(Subscribe.jobs(fourth));
                ServerMessage.Snapshot snapshot = stream.await(ServerMessage.Snapshot.class,
                        m -> m.jobId().equals(fourth) && m.state().eta() != null);
                assertThat(snapshot.state().eta().confidence()).isPositive();
            }

            predictor.kill();
            predictor = predictor().start();
            String fifth = TestIds.jobId(run);
            send(start(fifth, Instant.now()));
            EtaEstimated afterRestart = awaitEstimate(estimates, fifth);
            assertThat(afterRestart.remainingMs()).as("history survived the restart").isBetween(40_000L, 90_000L);
            send(List.of(done(fourth, Instant.now()), done(fifth, Instant.now())));
        }
    }

    private ServiceProcess predictor() {
        return new ServiceProcess(jar("eta-predictor"), predictorSettings,
                ServiceProcess.logFile("EtaFlowIT-eta-predictor"));
    }

    private Optional<JsonNode> typeReport() throws Exception {
        for (JsonNode type : get("/api/v1/eta/accuracy").path("jobTypes")) {
            if (jobType.equals(type.path("jobType").asText()) && type.path("jobs").asLong() >= 3) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private EtaEstimated awaitEstimate(TopicReader reader, String jobId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> reader.recordsWithKey(jobId).stream()
                .map(r -> WireType.PROGRESS.codec().decode(r.value()))
                .filter(e -> e instanceof EtaEstimated eta && source.equals(eta.source()))
                .map(EtaEstimated.class::cast).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** A job of the type from submission to success, its work spread as the stage weights say. */
    private List<ProgressEvent> wholeJob(String jobId, Instant at, long durationMs) {
        List<ProgressEvent> events = new ArrayList<>(start(jobId, at));
        long fetchMs = durationMs / 4;
        events.add(new ProgressReported(UUID.randomUUID(), jobId, at.plusMillis(fetchMs / 2), "e2e", "fetch", 0.5,
                null, null, null, null, Map.of()));
        events.add(new StageCompleted(UUID.randomUUID(), jobId, at.plusMillis(fetchMs), "e2e", "fetch"));
        events.add(new StageStarted(UUID.randomUUID(), jobId, at.plusMillis(fetchMs), "e2e", "crunch", 3.0));
        for (int item = 1; item <= 20; item++) {
            Instant when = at.plusMillis(fetchMs + (durationMs - fetchMs) * item / 20);
            events.add(new ProgressReported(UUID.randomUUID(), jobId, when, "e2e", "crunch", null, (long) item,
                    20L, "items", null, Map.of()));
        }
        events.add(new StageCompleted(UUID.randomUUID(), jobId, at.plusMillis(durationMs), "e2e", "crunch"));
        events.add(done(jobId, at.plusMillis(durationMs)));
        return events;
    }

    private List<ProgressEvent> start(String jobId, Instant at) {
        return List.of(
                new JobSubmitted(UUID.randomUUID(), jobId, at, "e2e", owner.name(), jobType, Map.of(), 0, null,
                        Map.of(),
                        STAGES, true),
                new JobStarted(UUID.randomUUID(), jobId, at, "e2e", 1, "e2e", STAGES),
                new StageStarted(UUID.randomUUID(), jobId, at, "e2e", "fetch", 1.0));
    }

    private static JobSucceeded done(String jobId, Instant at) {
        return new JobSucceeded(UUID.randomUUID(), jobId, at, "e2e", "done");
    }

    private void send(List<ProgressEvent> events) throws Exception {
        for (ProgressEvent event : events) {
            producer.send(WireType.PROGRESS.record(Topics.PROGRESS, event.jobId(), event));
        }
        producer.flush();
    }

    private JsonNode get(String path) throws Exception {
        return platform.api(owner.key()).get(path);
    }

    private static Path jar(String service) {
        return SERVICES.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
