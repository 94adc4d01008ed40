package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.artifacts.ArtifactIntake;
import io.headway.artifacts.ArtifactLimits;
import io.headway.artifacts.FileSystemArtifactStore;
import io.headway.artifacts.ReporterArtifacts;
import io.headway.events.JobSnapshot;
import io.headway.events.reporter.JobReporter;
import io.headway.events.state.JobStatus;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import io.headway.testing.LocalStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Previews and artifacts on the packaged services: a demo job's previews reach a subscribed client and REST while it
 * runs; an external job uploads one over HTTP; a {@link JobReporter} stores one beside its Kafka events; another
 * tenant can neither list nor fetch them; a gateway restart loses none of them.
 */
@ExtendWith(SharedPlatform.class)
class ArtifactsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Platform platform;
    private static Platform.Tenant tenant;
    private static Api api;
    private static Api stranger;

    @TempDir
    Path files;

    @BeforeAll
    static void start(Platform shared) throws Exception {
        platform = shared;
        tenant = shared.tenant("artifacts-e2e");
        api = shared.api(tenant.key());
        stranger = shared.api(shared.tenant("artifacts-e2e-other").key());
    }

    @Test
    void aDemoJobsPreviewsReachASubscriberAndRestWhileItRunsAndItsReportAtTheEnd() throws Exception {
        try (StreamClient stream = api.stream().patience(Duration.ofSeconds(90))) {
            stream.send(Subscribe.everything());
            stream.await(ServerMessage.Subscribed.class);
            String jobId = api.call("POST", "/api/v1/jobs", "{\"type\": \"demo\", \"parameters\": {\"size\": \"40\", "
                    + "\"delayMs\": \"150\"}}", 202).path("jobId").asText();

            JobSnapshot previewed = await().atMost(Duration.ofSeconds(90)).until(() -> stream.snapshots().stream()
                    .filter(s -> s.jobId().equals(jobId) && s.state().preview() != null).findFirst().orElse(null),
                    s -> s != null);
            assertThat(previewed.state().status()).as("the preview is there while the job runs")
                    .isEqualTo(JobStatus.RUNNING);
            assertThat(previewed.state().preview().name()).isEqualTo("preview-25.png");
            JsonNode listed = api.get("/api/v1/jobs/" + jobId + "/artifacts");
            assertThat(listed.path("items").get(0).path("name").asText()).isEqualTo("preview-25.png");
            byte[] thumbnail = bytes(api, "/api/v1/jobs/" + jobId + "/artifacts/preview-25.png/thumbnail", 200);
            assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail))).isNotNull();

            stream.awaitSnapshot(jobId, JobStatus.SUCCEEDED);
            assertThat(api.get("/api/v1/jobs/" + jobId + "/artifacts").path("items").findValuesAsText("name"))
                    .containsExactly("preview-25.png", "preview-50.png", "preview-75.png", "report.txt");
            assertThat(new String(bytes(api, "/api/v1/jobs/" + jobId + "/artifacts/report.txt", 200),
                    StandardCharsets.UTF_8)).startsWith("Headway demo report").contains("items scanned: 40");
            await("a search of the history shows the latest preview too").atMost(Duration.ofSeconds(30))
                    .until(() -> latestPreviewInSearch(jobId), "preview-75.png"::equals);
        }
    }

    @Test
    void anExternalJobUploadsAnArtifactWhichAnotherTenantCannotSeeAndARestartedGatewayStillServes()
            throws Exception {
        String jobId = api.call("POST", "/api/v1/external-jobs", "{\"type\": \"nightly-import\"}", 202)
                .path("jobId").asText();
        byte[] rows = "id,reason\n7,missing email\n".getBytes(StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.status("GET", "/api/v1/jobs/" + jobId) == 200);
        HttpResponse<String> uploaded = upload(api, jobId, "rejected-rows.csv", rows);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        HttpResponse<String> lying = upload(api, jobId, "chart.png", rows);
        assertThat(lying.statusCode()).isEqualTo(422);
        assertThat(lying.body()).contains("its content is text/plain, not image/png as its name says");

        String path = "/api/v1/jobs/" + jobId + "/artifacts/rejected-rows.csv";
        await().atMost(Duration.ofSeconds(30)).until(() -> api.status("GET", path) == 200);
        assertThat(bytes(api, path, 200)).isEqualTo(rows);
        assertThat(stranger.status("GET", "/api/v1/jobs/" + jobId + "/artifacts")).isEqualTo(404);
        assertThat(stranger.status("GET", path)).isEqualTo(404);
        assertThat(upload(stranger, jobId, "theirs.csv", rows).statusCode()).isEqualTo(404);

        platform.gateway.stop();
        platform.gateway.startAgain();

        assertThat(bytes(api, path, 200)).as("served by the restarted gateway").isEqualTo(rows);
        assertThat(api.get("/api/v1/jobs/" + jobId + "/artifacts").path("items").findValuesAsText("name"))
                .containsExactly("rejected-rows.csv");
    }

    @Test
    void aJobReporterStoresItsArtifactBesideItsKafkaEvents() throws Exception {
        Path report = Files.writeString(files.resolve("summary.txt"), "5000 rows loaded\n");
        var artifacts = new ReporterArtifacts(new ArtifactIntake(new FileSystemArtifactStore(sharedStore()),
                new ArtifactLimits(50L << 20, 500L << 20, 100, 320)));
        String jobId;
        try (JobReporter job = JobReporter.builder(LocalStack.kafkaBootstrap(), tenant.name(), "nightly-import")
                .artifacts(artifacts).start()) {
            jobId = job.jobId();
            job.artifact("summary.txt", report);
            job.succeed("5000 rows loaded");
        }

        String path = "/api/v1/jobs/" + jobId + "/artifacts/summary.txt";
        await().atMost(Duration.ofSeconds(30)).until(() -> api.status("GET", path) == 200);
        assertThat(new String(bytes(api, path, 200), StandardCharsets.UTF_8)).isEqualTo("5000 rows loaded\n");
    }

    private static String latestPreviewInSearch(String jobId) throws IOException, InterruptedException {
        for (JsonNode job : api.get("/api/v1/jobs?type=demo&limit=50").path("items")) {
            if (job.path("jobId").asText().equals(jobId)) {
                return job.path("preview").path("name").asText(null);
            }
        }
        return null;
    }

    /** The services' artifact store: they run on this machine with the default directory. */
    private static Path sharedStore() {
        return Path.of(System.getProperty("java.io.tmpdir"), "headway-artifacts");
    }

    private static byte[] bytes(Api as, String path, int expected) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(as.request(path).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(expected);
        return response.body();
    }

    /** A multipart/form-data upload, as a browser or {@code curl -F file=@...} sends it. */
    private static HttpResponse<String> upload(Api as, String jobId, String fileName, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "headway-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(as.request("/api/v1/external-jobs/" + jobId + "/artifacts")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
