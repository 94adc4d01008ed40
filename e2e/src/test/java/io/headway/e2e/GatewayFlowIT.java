package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.events.JobSnapshot;
import io.headway.events.state.JobStatus;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole path a user takes, with every service a real process: a job submitted over REST shows as QUEUED on a
 * subscribed WebSocket, runs on the executor, and the aggregator's snapshots carry it through RUNNING to SUCCEEDED,
 * with its log lines; REST then serves its history and export. A second job is cancelled while it runs.
 */
@ExtendWith(SharedPlatform.class)
class GatewayFlowIT {

    private static Api api;

    @BeforeAll
    static void start(Platform shared) throws Exception {
        api = shared.api(shared.tenant("gateway-e2e").key());
    }

    @Test
    void aSubmittedJobMovesThroughItsStatesOnTheStreamAndEndsInTheHistory() throws Exception {
        try (StreamClient stream = stream()) {
            stream.send(Subscribe.everything().withLogs());
            stream.await(ServerMessage.Subscribed.class);

            JsonNode accepted = post("/api/v1/jobs", "{\"type\": \"demo\", \"parameters\": "
                    + "{\"size\": \"10\", \"delayMs\": \"50\"}, \"labels\": {\"suite\": \"e2e\"}}");
            String jobId = accepted.path("jobId").asText();

            stream.awaitSnapshot(jobId, JobStatus.QUEUED);
            stream.awaitSnapshot(jobId, JobStatus.RUNNING);
            JobSnapshot done = stream.awaitSnapshot(jobId, JobStatus.SUCCEEDED);
            assertThat(done.state().progress()).isEqualTo(1.0);
            stream.await(ServerMessage.Logs.class, m -> m.jobId().equals(jobId));

            List<Long> sequences = stream.snapshots().stream().filter(s -> s.jobId().equals(jobId))
                    .map(JobSnapshot::sequence).toList();
            assertThat(sequences).as("each change once, in order").isSorted().doesNotHaveDuplicates();

            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/jobs/" + jobId + "/events")
                    .path("items").findValuesAsText("type").contains("JobSucceeded"));
            // Log lines reach the history on their own path (the logs topic), so they may trail the events a moment.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !api.get("/api/v1/jobs/" + jobId + "/logs").path("items").isEmpty());
            assertThat(api.get("/api/v1/jobs?label=suite:e2e").path("items").findValuesAsText("jobId")).contains(jobId);
            String csv = api.text("GET", "/api/v1/jobs/export?format=csv&label=suite:e2e", null, 200);
            assertThat(csv).startsWith("jobId,type,status").contains(jobId + ",demo,SUCCEEDED");
        }
    }

    @Test
    void aRunningJobIsCancelledFromTheApi() throws Exception {
        try (StreamClient stream = stream()) {
            JsonNode accepted = post("/api/v1/jobs", "{\"type\": \"demo\", \"parameters\": "
                    + "{\"size\": \"1000\", \"delayMs\": \"100\"}}");
            String jobId = accepted.path("jobId").asText();
            stream.send(Subscribe.jobs(jobId));
            stream.awaitSnapshot(jobId, JobStatus.RUNNING);

            post("/api/v1/jobs/" + jobId + "/cancel", "{\"reason\": \"not needed\"}");

            JobSnapshot cancelled = stream.awaitSnapshot(jobId, JobStatus.CANCELLED);
            assertThat(cancelled.state().outcome().cancelReason()).isEqualTo("not needed");
        }
    }

    private JsonNode post(String path, String body) throws Exception {
        return api.call("POST", path, body, 202);
    }

    private StreamClient stream() {
        return api.stream().patience(Duration.ofSeconds(60));
    }
}
