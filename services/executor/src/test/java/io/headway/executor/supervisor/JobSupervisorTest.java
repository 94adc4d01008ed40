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
import io.headway.events.JobStarted;
import io.headway.events.JobSucceeded;
import io.headway.events.LogBatch;
import io.headway.events.ProgressEvent;
import io.headway.events.state.JobReducer;
import io.headway.executor.config.ExecutorConfig;
import io.headway.executor.producer.EventPublisher;
import io.headway.executor.producer.Handovers;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's wiring without Kafka: a clock of the test's own, events and acknowledgements collected. */
class JobSupervisorTest {

    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");

    @TempDir
    static Path extracted;

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> handedBack = new CopyOnWriteArrayList<>();
    private final JobTables tables = new JobTables(100, "executor-test");
    private final JobSupervisor supervisor = new JobSupervisor(config(), TemplateCatalog.load(extracted,
            Optional.empty()), new Collecting(), new HandingBack(), tables, artifacts(),
            Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry());

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
    void aTakenJobIsClaimedFirstAndTheInstanceAsksForNoMoreThanItsCapacity() {
        assertThat(supervisor.room()).isCompleted();

        take("running", Map.of("size", "1000", "delayMs", "200"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("running"))
                .extracting(ProgressEvent::type).startsWith("JobQueued", "JobStarted"));
        assertThat(((JobQueued) eventsOf("running").getFirst()).executorId()).isEqualTo("executor-test");
        assertThat(supervisor.room()).as("its one slot is taken").isNotCompleted();
    }

    @Test
    void aWaitingJobHearsItsPlaceAndACancelBeforeItStartsEndsItWithoutRunning() {
        take("running", Map.of("size", "1000", "delayMs", "200"));
        take("waiting", Map.of()); // a request taken beyond the room, as a restarted instance might

        assertThat(eventsOf("waiting")).extracting(ProgressEvent::type).containsOnly("JobQueued");

        supervisor.control("waiting", intent("waiting", ControlAction.CANCEL));

        assertThat(eventsOf("waiting").getLast().type()).isEqualTo("JobCancelled");
        assertThat(eventsOf("running")).noneMatch(ProgressEvent::isTerminal);
    }

    @Test
    void aRequestOfAJobThatHasEndedOrThatAnotherExecutorHoldsIsNotRun() {
        tables.snapshot(JobSnapshot.of(JobReducer.fold("done", List.of(submitted("done"),
                new JobSucceeded(UUID.randomUUID(), "done", NOW, "executor-other", "attempt 1 succeeded")))));
        tables.snapshot(JobSnapshot.of(JobReducer.fold("elsewhere", List.of(submitted("elsewhere"),
                new JobQueued(UUID.randomUUID(), "elsewhere", NOW, "executor-other", 1, 1, "executor-other")))));

        take("done", Map.of());
        take("elsewhere", Map.of());

        assertThat(events).isEmpty();
        assertThat(supervisor.room()).isCompleted();
    }

    @Test
    void aHandedOverRequestIsTakenThoughTheViewStillNamesItsHolderAndRunsAsTheAttemptItNames() {
        tables.snapshot(JobSnapshot.of(JobReducer.fold("moved", List.of(submitted("moved"),
                new JobStarted(UUID.randomUUID(), "moved", NOW, "executor-other", 1, "executor-other", List.of())))));

        assertThat(supervisor.take(request("moved", Map.of("size", "1000", "delayMs", "200")).handedOver(3)))
                .succeedsWithin(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("moved"))
                .filteredOn(JobStarted.class::isInstance).singleElement()
                .satisfies(started -> assertThat(((JobStarted) started).attempt()).isEqualTo(3)));
    }

    @Test
    void stoppingHandsBackWhatItHoldsAndJobsAnEarlierRunOfItsIdHeld() {
        tables.snapshot(JobSnapshot.of(JobReducer.fold("leftover", List.of(submitted("leftover"),
                new JobStarted(UUID.randomUUID(), "leftover", NOW, "executor-test", 1, "executor-test", List.of())))));

        supervisor.handOverLeftovers();
        take("running", Map.of("size", "1000", "delayMs", "200"));
        supervisor.shutdown(null);

        assertThat(handedBack).containsExactly("leftover@2", "running@2");
        assertThat(eventsOf("running")).noneMatch(ProgressEvent::isTerminal);
    }

    private void take(String jobId, Map<String, String> parameters) {
        assertThat(supervisor.take(request(jobId, parameters))).succeedsWithin(Duration.ofSeconds(10));
    }

    private static JobSubmitted submitted(String jobId) {
        return new JobSubmitted(UUID.randomUUID(), jobId, NOW, "gateway", "acme", "demo", Map.of(), 0, null,
                Map.of(), List.of(), false);
    }

    private List<ProgressEvent> eventsOf(String jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
    }

    private static JobRequest request(String jobId, Map<String, String> parameters) {
        return new JobRequest(jobId, "acme", "demo", parameters, 0, null, Map.of(), null, null, NOW, "test");
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

    /** Collects the jobs handed back, as {@code job@attempt}. */
    private final class HandingBack extends Handovers {

        HandingBack() {
            super(Map.of(), null, null);
        }

        @Override
        public synchronized void handOver(JobRequest request, int nextAttempt, String cause) {
            handedBack.add(request.jobId() + "@" + nextAttempt);
        }
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
