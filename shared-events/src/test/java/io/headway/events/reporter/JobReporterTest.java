package io.headway.events.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.LogBatch;
import io.headway.events.LogLevel;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.StageCompleted;
import io.headway.events.StageStarted;
import io.headway.events.kafka.CloudEventHeaders;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The reporter against the real broker of the local stack, read back with a plain Kafka consumer. */
class JobReporterTest {

    @Test
    void reportsAWholeJobThatFoldsToSuccess() {
        String jobId = TestIds.jobId("reporter");
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS);
                TopicReader logs = TopicReader.fromNow(Topics.LOGS)) {
            try (JobReporter job = JobReporter.builder(LocalStack.kafkaBootstrap(), "acme", "nightly-import")
                    .jobId(jobId).source("import-cron").label("team", "data")
                    .stage("download", 1).stage("load", 3)
                    .start()) {
                job.stageStarted("download");
                job.progress(0.5, "half way");
                job.stageCompleted("download");
                job.stageStarted("load");
                job.units(1200, 5000, "rows");
                job.counter("rowsRejected", 3);
                job.log(LogLevel.WARN, "3 rows rejected");
                job.succeed("5000 rows loaded");
            }

            List<ProgressEvent> events = await().atMost(Duration.ofSeconds(20))
                    .until(() -> decode(progress.recordsWithKey(jobId)), all -> all.size() == 9);

            assertThat(events).extracting(ProgressEvent::type).containsExactly("JobSubmitted", "JobStarted",
                    "StageStarted", "ProgressReported", "StageCompleted", "StageStarted", "ProgressReported",
                    "ProgressReported", "JobSucceeded");
            assertThat(events.getFirst()).isInstanceOfSatisfying(JobSubmitted.class, submitted -> {
                assertThat(submitted.external()).isTrue();
                assertThat(submitted.tenant()).isEqualTo("acme");
            });
            assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo("import-cron"));

            JobState state = JobReducer.fold(jobId, events);
            assertThat(state.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(state.counters()).containsEntry("rowsRejected", 3L);
            assertThat(state.labels()).containsEntry("team", "data");

            List<ConsumerRecord<String, byte[]>> logRecords = await().atMost(Duration.ofSeconds(20))
                    .until(() -> logs.recordsWithKey(jobId), records -> !records.isEmpty());
            LogBatch batch = WireType.LOGS.codec().decode(logRecords.getFirst().value());
            assertThat(batch.lines()).singleElement()
                    .satisfies(line -> assertThat(line.text()).isEqualTo("3 rows rejected"));
        }
    }

    @Test
    void aCancelAskedOverTheApiReachesTheReportedCodeWhichEndsTheJobAsCancelled() {
        String jobId = TestIds.jobId("reporter-cancel");
        List<ControlIntent> told = new CopyOnWriteArrayList<>();
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS);
                Producer<String, byte[]> gateway = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()),
                        new StringSerializer(), new ByteArraySerializer())) {
            try (JobReporter job = JobReporter.builder(LocalStack.kafkaBootstrap(), "acme", "nightly-import")
                    .jobId(jobId).onControl(told::add).start()) {
                job.progress(0.1, "started");
                assertThat(job.cancelRequested()).isFalse();

                gateway.send(WireType.JOB_CONTROL.record(Topics.JOB_CONTROL, jobId, new ControlIntent(
                        UUID.randomUUID(), jobId, "acme", ControlAction.CANCEL, "not needed", "key:alice",
                        Instant.now())));

                await().atMost(Duration.ofSeconds(20)).until(job::cancelRequested);
                assertThat(told).extracting(ControlIntent::reason).containsExactly("not needed");
                job.cancelled("stopped after 10 %");
            }

            List<ProgressEvent> events = await().atMost(Duration.ofSeconds(20))
                    .until(() -> decode(progress.recordsWithKey(jobId)), all -> all.size() == 4);
            assertThat(events.getLast()).isInstanceOfSatisfying(JobCancelled.class, cancelled -> {
                assertThat(cancelled.reason()).isEqualTo("stopped after 10 %");
                assertThat(cancelled.cancelledBy()).isEqualTo("key:alice");
            });
            assertThat(JobReducer.fold(jobId, events).status()).isEqualTo(JobStatus.CANCELLED);
        }
    }

    @Test
    void recordsCarryCloudEventsHeaders() {
        String jobId = TestIds.jobId("reporter-headers");
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            try (JobReporter job = JobReporter.builder(LocalStack.kafkaBootstrap(), "acme", "scan")
                    .jobId(jobId).start()) {
                job.succeed(null);
            }

            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(20))
                    .until(() -> progress.recordsWithKey(jobId), all -> all.size() == 3);

            assertThat(records).allSatisfy(record -> {
                assertThat(CloudEventHeaders.get(record.headers(), CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
                assertThat(CloudEventHeaders.get(record.headers(), CloudEventHeaders.SUBJECT)).isEqualTo(jobId);
            });
            assertThat(records).extracting(r -> CloudEventHeaders.get(r.headers(), CloudEventHeaders.TYPE))
                    .containsExactly("io.headway.progress.JobSubmitted", "io.headway.progress.JobStarted",
                            "io.headway.progress.JobSucceeded");
        }
    }

    @Test
    void closingAnUnfinishedJobFailsIt() {
        String jobId = TestIds.jobId("reporter-crash");
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            try (JobReporter job = JobReporter.builder(LocalStack.kafkaBootstrap(), "acme", "scan")
                    .jobId(jobId).start()) {
                job.progress(0.3, null);
            }

            List<ProgressEvent> events = await().atMost(Duration.ofSeconds(20))
                    .until(() -> decode(progress.recordsWithKey(jobId)), all -> all.size() == 4);

            assertThat(events.getLast()).isInstanceOfSatisfying(JobFailed.class, failed ->
                    assertThat(failed.error()).contains("closed before the job succeeded or failed"));
        }
    }

    private static List<ProgressEvent> decode(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> WireType.PROGRESS.codec().decode(r.value())).toList();
    }
}
