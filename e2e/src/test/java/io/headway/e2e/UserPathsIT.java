package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.events.JobSnapshot;
import io.headway.events.ProgressEvent;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.reporter.JobReporter;
import io.headway.events.state.JobStatus;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.SseClient;
import io.headway.stream.StreamClient;
import io.headway.testing.LocalStack;
import io.headway.testing.TopicReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's other user paths on the packaged services: a batch followed over Server-Sent Events and its progress
 * over REST; a job paused, resumed and cancelled; a job waiting for a free executor cancelled at once; an external job reporting over HTTP and told of a cancel; a
 * {@link JobReporter} reporting straight to Kafka, read back with an ordinary Kafka client; an API key issued, used
 * and revoked. ({@link GatewayFlowIT} covers submitting, watching over WebSocket, history and exports.)
 */
@ExtendWith(SharedPlatform.class)
class UserPathsIT {

    private static Platform platform;
    private static Platform.Tenant tenant;
    private static Api api;

    @BeforeAll
    static void start(Platform shared) throws Exception {
        platform = shared;
        tenant = shared.tenant("user-paths-e2e");
        api = shared.api(tenant.key());
    }

    @Test
    void aBatchIsFollowedOverServerSentEventsAndItsProgressReadOverRest() throws Exception {
        String batchId = "batch-" + UUID.randomUUID();
        try (SseClient events = SseClient.connect(
                URI.create(platform.base() + "/api/v1/stream/sse?batchId=" + batchId), tenant.key(), null)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events.events().stream().anyMatch(e -> "subscribed".equals(e.name())));
            JsonNode accepted = api.call("POST", "/api/v1/jobs/batch", """
                    {"batchId": "%s", "jobs": [
                      {"type": "demo", "parameters": {"size": "5", "delayMs": "50"}},
                      {"type": "demo", "parameters": {"size": "8", "delayMs": "50"}}]}
                    """.formatted(batchId), 202);
            List<String> jobs = accepted.path("jobs").findValuesAsText("jobId");
            assertThat(jobs).hasSize(2);

            for (String job : jobs) {
                await().atMost(Duration.ofSeconds(60)).until(() -> events.events().stream()
                        .anyMatch(e -> e.name().startsWith("snapshot") && e.data().contains(job)
                                && e.data().contains("\"status\":\"SUCCEEDED\"")));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode batch = api.call("GET", "/api/v1/batches/" + batchId, null, 200);
                assertThat(batch.path("jobs").asLong()).isEqualTo(2);
                assertThat(batch.path("byStatus").path("SUCCEEDED").asLong()).isEqualTo(2);
                assertThat(batch.path("progress").asDouble()).isEqualTo(1.0);
            });
        }
    }

    @Test
    void aRunningJobIsPausedResumedAndCancelled() throws Exception {
        try (StreamClient stream = stream()) {
            String jobId = api.call("POST", "/api/v1/jobs",
                    "{\"type\": \"demo\", \"parameters\": {\"size\": \"600\", \"delayMs\": \"100\"}}", 202)
                    .path("jobId").asText();
            stream.send(Subscribe.jobs(jobId));
            stream.awaitSnapshot(jobId, JobStatus.RUNNING);

            api.call("POST", "/api/v1/jobs/" + jobId + "/pause", "{\"reason\": \"lunch\"}", 202);
            stream.awaitSnapshot(jobId, JobStatus.PAUSED);
            api.call("POST", "/api/v1/jobs/" + jobId + "/resume", "{}", 202);
            long paused = pausedAt(stream, jobId);
            stream.await(ServerMessage.Snapshot.class, s -> s.jobId().equals(jobId)
                    && s.state().status() == JobStatus.RUNNING && s.sequence() > paused);
            api.call("POST", "/api/v1/jobs/" + jobId + "/cancel", "{\"reason\": \"enough\"}", 202);

            JobSnapshot cancelled = stream.awaitSnapshot(jobId, JobStatus.CANCELLED);
            assertThat(cancelled.state().outcome().cancelReason()).isEqualTo("enough");
        }
    }

    @Test
    void aJobWaitingForAFreeExecutorIsCancelledAtOnceAndNeverRuns() throws Exception {
        try (StreamClient stream = stream()) {
            // Four long jobs fill the shared platform's executor (capacity 4): the fifth waits in the shared queue.
            List<String> busy = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                busy.add(submit("{\"size\": \"1000\", \"delayMs\": \"200\"}"));
            }
            stream.send(Subscribe.jobs(busy));
            for (String job : busy) {
                stream.awaitSnapshot(job, JobStatus.RUNNING);
            }
            String waiting = submit("{\"size\": \"3\", \"delayMs\": \"10\"}");
            stream.send(Subscribe.jobs(waiting));
            stream.awaitSnapshot(waiting, JobStatus.QUEUED);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode queue = api.call("GET", "/api/v1/jobs/" + waiting, null, 200).path("state").path("queue");
                return queue.isMissingNode() || queue.isNull(); // no executor claimed it: none has room
            });

            api.call("POST", "/api/v1/jobs/" + waiting + "/cancel", "{\"reason\": \"not needed after all\"}", 202);

            JobSnapshot cancelled = stream.awaitSnapshot(waiting, JobStatus.CANCELLED);
            assertThat(cancelled.state().outcome().cancelReason()).isEqualTo("not needed after all");
            assertThat(cancelled.state().attempt()).as("never started").isZero();
            for (String job : busy) {
                assertThat(api.call("GET", "/api/v1/jobs/" + job, null, 200).path("state").path("status").asText())
                        .as("no slot was freed for it").isEqualTo("RUNNING");
                api.call("POST", "/api/v1/jobs/" + job + "/cancel", "{\"reason\": \"done\"}", 202);
            }
            for (String job : busy) {
                stream.awaitSnapshot(job, JobStatus.CANCELLED);
            }
        }
    }

    private static String submit(String parameters) throws Exception {
        return api.call("POST", "/api/v1/jobs", "{\"type\": \"demo\", \"parameters\": " + parameters + "}", 202)
                .path("jobId").asText();
    }

    @Test
    void anExternalJobReportsOverHttpAndHearsOfItsCancel() throws Exception {
        try (StreamClient stream = stream()) {
            String jobId = api.call("POST", "/api/v1/external-jobs", "{\"type\": \"nightly-import\"}", 202)
                    .path("jobId").asText();
            stream.send(Subscribe.jobs(jobId));
            stream.awaitSnapshot(jobId, JobStatus.QUEUED);

            api.call("POST", "/api/v1/external-jobs/" + jobId + "/events",
                    "[{\"type\": \"ProgressReported\", \"fraction\": 0.4, \"message\": \"400 of 1000 rows\"}]", 202);
            ServerMessage.Snapshot running = stream.await(ServerMessage.Snapshot.class,
                    s -> s.jobId().equals(jobId) && s.state().progress() == 0.4);
            assertThat(running.state().message()).isEqualTo("400 of 1000 rows");

            api.call("POST", "/api/v1/jobs/" + jobId + "/cancel", "{\"reason\": \"wrong file\"}", 202);
            // The platform does not stop code it does not run: the reporter hears of the cancel and stops itself.
            await().atMost(Duration.ofSeconds(30)).until(() -> "CANCEL".equals(api.call("POST",
                    "/api/v1/external-jobs/" + jobId + "/events", "{\"type\": \"ProgressReported\", \"fraction\": 0.5}",
                    202).path("control").path("action").asText()));
            api.call("POST", "/api/v1/external-jobs/" + jobId + "/events",
                    "{\"type\": \"JobCancelled\", \"reason\": \"wrong file\"}", 202);
            stream.awaitSnapshot(jobId, JobStatus.CANCELLED);
        }
    }

    @Test
    void aJobReporterReportsStraightToKafkaWhereAnOrdinaryConsumerReadsIt() throws Exception {
        try (StreamClient stream = stream(); TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            stream.send(Subscribe.everything());
            stream.await(ServerMessage.Subscribed.class);
            String jobId;
            try (JobReporter job = JobReporter.builder(LocalStack.kafkaBootstrap(), tenant.name(), "nightly-import")
                    .stage("download", 1).stage("load", 3).start()) {
                jobId = job.jobId();
                job.stageStarted("download");
                job.stageCompleted("download");
                job.stageStarted("load");
                job.units(5000, 5000, "rows");
                job.succeed("5000 rows loaded");
            }

            JobSnapshot done = stream.awaitSnapshot(jobId, JobStatus.SUCCEEDED);
            assertThat(done.state().progress()).isEqualTo(1.0);
            List<String> kinds = await().atMost(Duration.ofSeconds(30)).until(() -> progress.recordsWithKey(jobId)
                    .stream().map(r -> WireType.PROGRESS.codec().decode(r.value())).map(ProgressEvent::type).toList(),
                    all -> all.contains("JobSucceeded"));
            assertThat(kinds).startsWith("JobSubmitted", "JobStarted", "StageStarted")
                    .contains("StageCompleted", "ProgressReported");
        }
    }

    @Test
    void anIssuedKeyWorksUntilItIsRevoked() throws Exception {
        JsonNode issued = api.call("POST", "/api/v1/keys", "{\"name\": \"ci\", \"roles\": [\"read\"]}", 201);
        String key = issued.path("key").asText();
        String keyId = issued.path("apiKey").path("keyId").asText();
        Api issuedKey = platform.api(key);
        issuedKey.call("GET", "/api/v1/jobs", null, 200);
        issuedKey.call("POST", "/api/v1/jobs", "{\"type\": \"demo\"}", 403); // a read-only key submits nothing

        api.call("DELETE", "/api/v1/keys/" + keyId, null, 204);
        await().atMost(Duration.ofSeconds(45)).until(() -> issuedKey.status("GET", "/api/v1/jobs") == 401);
    }

    /** The sequence of the job's PAUSED snapshot: a RUNNING one after it is the resume. */
    private static long pausedAt(StreamClient stream, String jobId) {
        return stream.snapshots().stream().filter(s -> s.jobId().equals(jobId))
                .filter(s -> s.state().status() == JobStatus.PAUSED).mapToLong(JobSnapshot::sequence).max()
                .orElseThrow();
    }

    private static StreamClient stream() {
        return api.stream().patience(Duration.ofSeconds(60));
    }
}
