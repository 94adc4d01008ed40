package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.JobSnapshot;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.state.JobStatus;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private static final ObjectMapper JSON = HeadwayJson.mapper();

    private static Platform platform;
    private static Platform.Tenant tenant;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(Platform shared) throws Exception {
        platform = shared;
        tenant = shared.tenant("gateway-e2e");
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

            await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/jobs/" + jobId + "/events")
                    .path("items").findValuesAsText("type").contains("JobSucceeded"));
            // Log lines reach the history on their own path (the logs topic), so they may trail the events a moment.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !get("/api/v1/jobs/" + jobId + "/logs").path("items").isEmpty());
            assertThat(get("/api/v1/jobs?label=suite:e2e").path("items").findValuesAsText("jobId")).contains(jobId);
            String csv = http.send(request("/api/v1/jobs/export?format=csv&label=suite:e2e").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
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
        HttpResponse<String> response = http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(platform.base() + path))
                .header("Authorization", "Bearer " + tenant.key());
    }

    private StreamClient stream() {
        return StreamClient.connect(URI.create("ws://127.0.0.1:" + platform.gateway.port() + "/api/v1/stream"),
                        tenant.key())
                .patience(Duration.ofSeconds(60));
    }
}
