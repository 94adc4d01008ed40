package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.CheckpointSaved;
import io.headway.events.JobRequest;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.kafka.JobRequestSerializer;
import io.headway.events.kafka.ProgressEventSerializer;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two executor instances share the work; the one running a job is killed with SIGKILL (the aggregator hands the job
 * over once the executor is silent), or shut down gracefully with a grace period shorter than the job (the executor
 * hands it back itself); the other one finishes the job as its next attempt, from the last checkpoint the aggregator
 * recorded.
 */
class ExecutorFailoverIT {

    private final String group = TestIds.jobId("executor-e2e");
    /** Requests on a topic of the test's own, read from the beginning as in production, where nothing old waits. */
    private final String requestsTopic = Topics.JOB_REQUESTS + "." + group;
    /** Folds only what happens from now on, like an aggregator that has been running all along. */
    private final ServiceProcess aggregator = new ServiceProcess(Platform.jar("aggregator"), List.of(
            "mp.messaging.incoming.progress.group.id=" + group + "-aggregator",
            "mp.messaging.incoming.progress.auto.offset.reset=latest",
            "mp.messaging.incoming.logs.group.id=" + group + "-aggregator",
            "mp.messaging.incoming.logs.auto.offset.reset=latest",
            "headway.aggregator.topics.job-requests=" + requestsTopic,
            // A killed executor's jobs go to the other once it has been silent for three seconds.
            "headway.aggregator.failover-after=3s",
            "headway.aggregator.alerts.check-interval=500ms"),
            ServiceProcess.logFile("ExecutorFailoverIT-aggregator"));
    private final ServiceProcess executorA = executor("executor-a");
    private final ServiceProcess executorB = executor("executor-b");

    @AfterEach
    void stop() throws Exception {
        executorA.stop();
        executorB.stop();
        aggregator.stop();
        try (Admin admin = Platform.admin()) {
            admin.deleteTopics(List.of(requestsTopic)).all().get();
        }
    }

    @Test
    void aJobWhoseExecutorIsKilledIsFinishedByAnotherAsTheNextAttempt() throws Exception {
        interruptTheRunningExecutor(ServiceProcess::kill);
    }

    @Test
    void aGracefulShutdownHandsUnfinishedJobsBackToAnotherInstance() throws Exception {
        List<ProgressEvent> events = interruptTheRunningExecutor(ServiceProcess::stop);

        int secondStart = events.indexOf(events.stream().filter(e -> e instanceof JobStarted s && s.attempt() == 2)
                .findFirst().orElseThrow());
        assertThat(events.subList(0, secondStart)).as("handed back without ending the job")
                .noneMatch(ProgressEvent::isTerminal);
    }

    /** Runs a demo job, interrupts the instance running it after a checkpoint, and checks the other finishes it. */
    private List<ProgressEvent> interruptTheRunningExecutor(Consumer<ServiceProcess> interrupt) throws Exception {
        try (Admin admin = Platform.admin()) {
            admin.createTopics(List.of(new NewTopic(requestsTopic, 6, (short) 1))).all().get();
        }
        aggregator.start();
        executorA.start();
        executorB.start();
        Platform.awaitSharing(group, 2);
        Platform.awaitAssigned(group + "-aggregator", 2); // its progress and logs consumers
        String jobId = TestIds.jobId("failover");

        Map<String, Object> kafka = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        Map<String, String> parameters = Map.of("size", "40", "delayMs", "150");
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS);
                var submissions = new KafkaProducer<>(kafka, new StringSerializer(), new ProgressEventSerializer());
                var requests = new KafkaProducer<>(kafka, new StringSerializer(), new JobRequestSerializer())) {
            // What the gateway does for a submission: the job's first event, then the request an executor takes.
            submissions.send(new ProducerRecord<>(Topics.PROGRESS, jobId, new JobSubmitted(UUID.randomUUID(), jobId,
                    Instant.now(), "e2e", "acme", "demo", parameters, 0, null, Map.of(), List.of(), false)));
            submissions.flush();
            requests.send(new ProducerRecord<>(requestsTopic, jobId, new JobRequest(jobId, "acme", "demo",
                    parameters, 0, null, Map.of(), null, null, Instant.now(), "e2e")));
            requests.flush();

            List<ProgressEvent> first = await().atMost(Duration.ofSeconds(60)).until(() -> events(progress, jobId),
                    events -> events.stream().anyMatch(CheckpointSaved.class::isInstance));
            String firstExecutor = first.stream().filter(JobStarted.class::isInstance).map(JobStarted.class::cast)
                    .findFirst().orElseThrow().executorId();
            interrupt.accept(firstExecutor.equals("executor-a") ? executorA : executorB);

            List<ProgressEvent> events = await().atMost(Duration.ofSeconds(120))
                    .until(() -> events(progress, jobId), all -> all.getLast() instanceof JobSucceeded);

            JobStarted second = events.stream().filter(e -> e instanceof JobStarted s && s.attempt() == 2)
                    .map(JobStarted.class::cast).findFirst().orElseThrow();
            assertThat(second.executorId()).isNotEqualTo(firstExecutor);
            assertThat(events.getLast().source()).isEqualTo(second.executorId());
            long resumedFrom = events.stream().filter(CheckpointSaved.class::isInstance)
                    .map(e -> ((CheckpointSaved) e).checkpoint()).filter(c -> c.startsWith("item="))
                    .mapToLong(c -> Long.parseLong(c.substring(5))).min().orElseThrow();
            assertThat(events.subList(events.indexOf(second), events.size()))
                    .filteredOn(e -> e instanceof ProgressReported p && p.current() != null)
                    .allSatisfy(p -> assertThat(((ProgressReported) p).current()).isGreaterThan(resumedFrom));
            return events;
        }
    }

    private ServiceProcess executor(String id) {
        return new ServiceProcess(Platform.jar("executor"), List.of(
                "headway.executor.id=" + id,
                "headway.executor.shutdown-grace=2s",
                "headway.executor.requests-group=" + group,
                "headway.executor.topics.job-requests=" + requestsTopic,
                "headway.executor.heartbeat-interval=500ms"),
                ServiceProcess.logFile("ExecutorFailoverIT-" + id));
    }

    private static List<ProgressEvent> events(TopicReader progress, String jobId) {
        return progress.recordsWithKey(jobId).stream().map(r -> WireType.PROGRESS.codec().decode(r.value()))
                .toList();
    }
}
