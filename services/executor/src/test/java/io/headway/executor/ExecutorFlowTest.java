package io.headway.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.CheckpointSaved;
import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobPaused;
import io.headway.events.JobQueued;
import io.headway.events.JobRequest;
import io.headway.events.JobResumed;
import io.headway.events.JobStarted;
import io.headway.events.JobSucceeded;
import io.headway.events.LogLine;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.RetryScheduled;
import io.headway.events.kafka.ControlIntentSerializer;
import io.headway.events.kafka.JobRequestSerializer;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Job requests in from the real Kafka, real processes run, their events read back from Kafka. */
@QuarkusTest
@QuarkusTestResource(OwnRequestsTopic.class)
class ExecutorFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Map<String, Object> KAFKA = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            LocalStack.kafkaBootstrap());

    private final KafkaProducer<String, JobRequest> requests = new KafkaProducer<>(KAFKA, new StringSerializer(),
            new JobRequestSerializer());
    private final KafkaProducer<String, ControlIntent> control = new KafkaProducer<>(KAFKA, new StringSerializer(),
            new ControlIntentSerializer());
    private TopicReader progress;

    @BeforeEach
    void readProgressFromNow() {
        progress = TopicReader.fromNow(Topics.PROGRESS);
    }

    @AfterEach
    void close() {
        progress.close();
        requests.close();
        control.close();
    }

    @Test
    void aDemoJobRunsToSuccessWithItsEventsAndLogs() {
        String jobId = submit("demo", Map.of("size", "6", "delayMs", "60"));
        try (TopicReader logs = TopicReader.fromNow(Topics.LOGS)) {
            List<ProgressEvent> events = eventsUntil(jobId, JobSucceeded.class);

            assertThat(events.getFirst()).as("the claim").isInstanceOfSatisfying(JobQueued.class,
                    queued -> assertThat(queued.executorId()).isEqualTo(queued.source()));
            assertThat(events.get(1)).isInstanceOfSatisfying(JobStarted.class, started -> {
                assertThat(started.attempt()).isEqualTo(1);
                assertThat(started.stages()).extracting(s -> s.name()).containsExactly("prepare", "scan", "report");
            });
            assertThat(events).extracting(ProgressEvent::type).containsSubsequence("StageStarted", "ProgressReported",
                    "StageCompleted", "StageStarted", "CheckpointSaved", "StageCompleted", "JobSucceeded");
            assertThat(events).extracting(ProgressEvent::type).contains("ResourceSampled");
            List<LogLine> lines = await().atMost(PATIENCE).until(() -> logs.recordsWithKey(jobId).stream()
                    .flatMap(r -> WireType.LOGS.codec().decode(r.value()).lines().stream()).toList(),
                    all -> all.stream().anyMatch(l -> l.text().startsWith("report:")));
            assertThat(lines).extracting(LogLine::text).contains("scanned item 1");
        }
    }

    @Test
    void anUnknownTypeOrBadParametersFailWithTheReasonAndNothingRuns() {
        String unknown = submit("format-disk", Map.of());
        String bad = submit("demo", Map.of("size", "; rm -rf /"));

        assertThat(eventsUntil(unknown, JobFailed.class)).singleElement().isInstanceOfSatisfying(JobFailed.class,
                failed -> assertThat(failed.error()).startsWith("rejected: unknown job type 'format-disk'"));
        assertThat(eventsUntil(bad, JobFailed.class)).singleElement().isInstanceOfSatisfying(JobFailed.class,
                failed -> assertThat(failed.error()).isEqualTo("rejected: parameter 'size' must be a whole number"));
    }

    @Test
    void cancellingARunningJobStopsItWithTheReasonAndWhoAsked() {
        String jobId = submit("demo", Map.of("size", "1000", "delayMs", "200"));
        eventsUntil(jobId, JobStarted.class);

        intend(jobId, ControlAction.CANCEL, "wrong input", "alice");

        assertThat(eventsUntil(jobId, JobCancelled.class).getLast()).isInstanceOfSatisfying(JobCancelled.class, c -> {
            assertThat(c.reason()).isEqualTo("wrong input");
            assertThat(c.cancelledBy()).isEqualTo("alice");
        });
    }

    @Test
    void whileEverySlotIsBusyARequestWaitsInTheSharedQueueAndCancelledThereNeverRuns() {
        List<String> busy = occupyEveryRunSlot();
        try {
            String waiting = submit("demo", Map.of("size", "5"));
            intend(waiting, ControlAction.CANCEL, "changed my mind", "bob");
            await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> progress.recordsWithKey(waiting),
                    List::isEmpty); // not taken: this instance has no room

            intend(busy.getFirst(), ControlAction.CANCEL, "make room", "test");

            assertThat(eventsUntil(waiting, JobCancelled.class)).extracting(ProgressEvent::type)
                    .as("taken once there was room, and ended without running").containsExactly("JobCancelled");
        } finally {
            cancel(busy);
        }
    }

    @Test
    void aFailedAttemptIsRetriedAndResumesFromItsCheckpoint() {
        try (TopicReader logs = TopicReader.fromNow(Topics.LOGS)) {
            String jobId = submit("demo", Map.of("size", "12", "delayMs", "20", "failAt", "7"));

            List<ProgressEvent> events = eventsUntil(jobId, JobSucceeded.class);

            RetryScheduled retry = events.stream().filter(RetryScheduled.class::isInstance)
                    .map(RetryScheduled.class::cast).findFirst().orElseThrow();
            assertThat(retry.attempt()).isEqualTo(2);
            assertThat(retry.cause()).isEqualTo("exit code 75");
            assertThat(events).filteredOn(CheckpointSaved.class::isInstance).first()
                    .satisfies(c -> assertThat(((CheckpointSaved) c).checkpoint()).isEqualTo("item=5"));
            int secondStart = events.indexOf(events.stream()
                    .filter(e -> e instanceof JobStarted s && s.attempt() == 2).findFirst().orElseThrow());
            assertThat(events.subList(secondStart, events.size()))
                    .filteredOn(e -> e instanceof ProgressReported p && p.current() != null)
                    .allSatisfy(p -> assertThat(((ProgressReported) p).current()).isGreaterThan(5L));
            List<String> secondAttemptLines = await().atMost(PATIENCE).until(() -> logs.recordsWithKey(jobId)
                    .stream().map(r -> WireType.LOGS.codec().decode(r.value())).filter(b -> b.attempt() == 2)
                    .flatMap(b -> b.lines().stream()).map(LogLine::text).toList(),
                    lines -> lines.stream().anyMatch(l -> l.startsWith("report:")));
            assertThat(secondAttemptLines).startsWith("resuming after item 5");
            assertThat(secondAttemptLines.stream().filter(l -> l.startsWith("scanned item")).findFirst())
                    .contains("scanned item 6");
        }
    }

    @Test
    void aJobPausedBeforeItIsTakenIsHeldPausedAndStartsOnlyOnceResumed() {
        List<String> busy = occupyEveryRunSlot();
        try {
            String waiting = submit("demo", Map.of("size", "3", "delayMs", "10"));
            intend(waiting, ControlAction.PAUSE, "not yet", "bob");
            intend(busy.getFirst(), ControlAction.CANCEL, "make room", "test");
            eventsUntil(waiting, JobPaused.class);

            intend(waiting, ControlAction.RESUME, "now", "bob");

            assertThat(eventsUntil(waiting, JobSucceeded.class)).extracting(ProgressEvent::type)
                    .as("claimed, held while paused, started only once resumed")
                    .startsWith("JobQueued", "JobPaused", "JobResumed", "JobStarted");
        } finally {
            cancel(busy);
        }
    }

    @Test
    void attemptsThatAllFailEndTheJobAsFailedAndNoLongerRetryable() {
        String jobId = submit("demo", Map.of("size", "6", "delayMs", "10", "failAt", "2", "failAttempts", "3"));

        List<ProgressEvent> events = eventsUntil(jobId, JobFailed.class);

        assertThat(events).filteredOn(RetryScheduled.class::isInstance).extracting(e -> ((RetryScheduled) e).attempt())
                .containsExactly(2, 3);
        JobFailed failed = (JobFailed) events.getLast();
        assertThat(failed.exitCode()).isEqualTo(75);
        assertThat(failed.retryable()).as("the attempts are exhausted").isFalse();
    }

    /**
     * Starts two long jobs, which take both run slots of the test executor (capacity 2), so the next job waits; they
     * run until {@link #cancel}led.
     */
    private List<String> occupyEveryRunSlot() {
        List<String> busy = List.of(submit("demo", Map.of("size", "1000", "delayMs", "200")),
                submit("demo", Map.of("size", "1000", "delayMs", "200")));
        try {
            busy.forEach(job -> eventsUntil(job, JobStarted.class));
        } catch (RuntimeException notStarted) {
            cancel(busy);
            throw notStarted;
        }
        return busy;
    }

    /** Cancels the jobs and waits until each has ended as cancelled (at once for one that already has). */
    private void cancel(List<String> jobIds) {
        jobIds.forEach(job -> intend(job, ControlAction.CANCEL, "cleanup", "test"));
        jobIds.forEach(job -> eventsUntil(job, JobCancelled.class));
    }

    private String submit(String type, Map<String, String> parameters) {
        String jobId = TestIds.jobId("exec-" + type);
        requests.send(new ProducerRecord<>(OwnRequestsTopic.NAME, jobId, new JobRequest(jobId, "acme", type,
                parameters, 0, null, Map.of(), null, null, Instant.now(), "test")));
        requests.flush();
        return jobId;
    }

    private void intend(String jobId, ControlAction action, String reason, String who) {
        control.send(new ProducerRecord<>(Topics.JOB_CONTROL, jobId, new ControlIntent(UUID.randomUUID(), jobId,
                "acme", action, reason, who, Instant.now())));
        control.flush();
    }

    private List<ProgressEvent> eventsUntil(String jobId, Class<? extends ProgressEvent> last) {
        return await().atMost(PATIENCE).until(() -> progress.recordsWithKey(jobId).stream()
                .map(r -> WireType.PROGRESS.codec().decode(r.value())).toList(),
                events -> events.stream().anyMatch(last::isInstance));
    }
}
