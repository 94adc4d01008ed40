package io.headway.executor.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.artifacts.ArtifactIntake;
import io.headway.artifacts.ArtifactLimits;
import io.headway.artifacts.FileSystemArtifactStore;
import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.JobQueued;
import io.headway.events.JobRequest;
import io.headway.events.JobSnapshot;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.LogBatch;
import io.headway.events.ProgressEvent;
import io.headway.events.state.JobReducer;
import io.headway.executor.config.ExecutorConfig;
import io.headway.executor.producer.EventPublisher;
import io.headway.executor.producer.JobTraces;
import io.headway.templates.TemplateCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's wiring without Kafka: a clock of the test's own, events and acknowledgements collected. */
class JobSupervisorTest {

    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");

    @TempDir
    static Path extracted;

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final JobTables tables = new JobTables(100);
    private final JobSupervisor supervisor = new JobSupervisor(config(), TemplateCatalog.load(extracted,
            Optional.empty()), new Collecting(), tables, artifacts(), Clock.fixed(NOW, ZoneOffset.UTC),
            new SimpleMeterRegistry());

    private static ArtifactIntake artifacts() {
        try {
            return new ArtifactIntake(new FileSystemArtifactStore(extracted.resolve("artifacts")),
                    new ArtifactLimits(1024 * 1024, 1024 * 1024, 10, 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        supervisor.shutdown(null);
    }

    @Test
    void theHeartbeatIsStampedByTheClockItIsGiven() {
        assertThat(supervisor.heartbeat().at()).isEqualTo(NOW);
        assertThat(supervisor.heartbeat().capacity()).isEqualTo(1);
    }

    @Test
    void aWaitingJobHearsItsPlaceAndACancelBeforeItStartsEndsItWithoutRunning() {
        supervisor.admit(request("running", Map.of("size", "1000", "delayMs", "200")), message("running"));
        supervisor.admit(request("waiting", Map.of()), message("waiting"));

        assertThat(eventsOf("waiting")).singleElement().isEqualTo(new JobQueued(
                eventsOf("waiting").getFirst().eventId(), "waiting", NOW, "executor-test", 1, 1, "executor-test"));

        supervisor.control("waiting", intent("waiting", ControlAction.CANCEL));

        assertThat(eventsOf("waiting")).extracting(ProgressEvent::type).containsExactly("JobQueued", "JobCancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.contains("waiting"));
        assertThat(acknowledged).doesNotContain("running");
    }

    @Test
    void aRequestOfAJobThatHasEndedIsAcknowledgedAndNotRunAgain() {
        tables.snapshot(JobSnapshot.of(JobReducer.fold("done", List.of(
                new JobSubmitted(UUID.randomUUID(), "done", NOW, "gateway", "acme", "demo", Map.of(), 0, null,
                        Map.of(), List.of(), false),
                new JobSucceeded(UUID.randomUUID(), "done", NOW, "executor-other", "attempt 1 succeeded")))));

        supervisor.admit(request("done", Map.of()), message("done"));

        assertThat(acknowledged).containsExactly("done");
        assertThat(events).isEmpty();
    }

    private List<ProgressEvent> eventsOf(String jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
    }

    private static JobRequest request(String jobId, Map<String, String> parameters) {
        return new JobRequest(jobId, "acme", "demo", parameters, 0, null, Map.of(), null, null, NOW, "test");
    }

    private Message<JobRequest> message(String jobId) {
        return Message.of(null, () -> {
            acknowledged.add(jobId);
            return CompletableFuture.completedFuture(null);
        });
    }

    private static ControlIntent intent(String jobId, ControlAction action) {
        return new ControlIntent(UUID.randomUUID(), jobId, "acme", action, "changed my mind", "bob", NOW);
    }

    /** One run slot, so the second job waits; a short grace, so stopping ends the running one quickly. */
    private static ExecutorConfig config() {
        return new SmallRyeConfigBuilder().withMapping(ExecutorConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // "250ms", as Quarkus reads it
                .withDefaultValue("headway.executor.id", "executor-test")
                .withDefaultValue("headway.executor.capacity", "1")
                .withDefaultValue("headway.executor.shutdown-grace", "0s")
                .withDefaultValue("headway.executor.cancel-grace", "200ms")
                .build().getConfigMapping(ExecutorConfig.class);
    }

    /** Collects what would go to Kafka, as sent at once. */
    private final class Collecting extends EventPublisher {

        Collecting() {
            super(null, null, new JobTraces());
        }

        @Override
        public CompletionStage<Void> event(ProgressEvent event) {
            events.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logs(LogBatch batch) {
        }
    }
}
