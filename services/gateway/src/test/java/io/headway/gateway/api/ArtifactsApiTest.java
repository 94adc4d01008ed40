package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.headway.artifacts.ArtifactKeys;
import io.headway.artifacts.ArtifactStore;
import io.headway.events.ArtifactSaved;
import io.headway.events.JobSucceeded;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.FakeJob;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An external job uploads artifacts over HTTP; its tenant lists and downloads them (ranges, thumbnails), sandboxed;
 * another tenant sees none of it; what the bytes contradict, or what is too large, is refused with the reason.
 * The aggregator is not running here: the test folds each {@code ArtifactSaved} into the job's snapshot itself.
 */
@QuarkusTest
class ArtifactsApiTest {

    private static final String REPORT = "id,reason\n7,missing email\n9,bad date\n";

    @Inject
    ApiKeyStore keys;

    @Inject
    RedisDataSource redis;

    @Inject
    ArtifactStore store;

    private Tenant tenant;
    private FakeJob job;

    @BeforeEach
    void job() {
        tenant = GatewayTestSupport.newTenant(keys);
        job = FakeJob.external(tenant.name()).publish(redis);
    }

    @Test
    void anUploadedArtifactIsListedAndDownloadedWholeOrInRangesAsADownloadThatCannotRunScript() {
        var created = upload(job, "rejected-rows", "rows.csv", REPORT.getBytes(StandardCharsets.UTF_8), "text/csv",
                false).statusCode(201)
                .header("Location", endsWith("/api/v1/jobs/" + job.id() + "/artifacts/rejected-rows"))
                .body("mediaType", equalTo("text/csv")).body("sizeBytes", equalTo(REPORT.length())).extract();
        fold(created);

        get("/api/v1/jobs/" + job.id() + "/artifacts").statusCode(200).body("items", hasSize(1))
                .body("items[0].name", equalTo("rejected-rows")).body("items[0].preview", equalTo(false))
                .body("items[0].links.download", equalTo("/api/v1/jobs/" + job.id() + "/artifacts/rejected-rows"));
        ExtractableResponse<Response> whole = get("/api/v1/jobs/" + job.id() + "/artifacts/rejected-rows")
                .statusCode(200).header("Content-Disposition", "attachment; filename=\"rejected-rows\"")
                .header("Content-Security-Policy", containsString("sandbox"))
                .header("X-Content-Type-Options", "nosniff").header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + created.path("sha256") + "\"").extract();
        assertThat(whole.asString()).isEqualTo(REPORT);
        assertThat(whole.contentType()).startsWith("text/csv");

        given().header("Authorization", GatewayTestSupport.bearer(tenant)).header("Range", "bytes=3-8")
                .get("/api/v1/jobs/" + job.id() + "/artifacts/rejected-rows").then().statusCode(206)
                .header("Content-Range", "bytes 3-8/" + REPORT.length()).body(equalTo(REPORT.substring(3, 9)));
        given().header("Authorization", GatewayTestSupport.bearer(tenant)).header("Range", "bytes=-4")
                .get("/api/v1/jobs/" + job.id() + "/artifacts/rejected-rows").then().statusCode(206)
                .body(equalTo(REPORT.substring(REPORT.length() - 4)));
        given().header("Authorization", GatewayTestSupport.bearer(tenant)).header("Range", "bytes=999-")
                .get("/api/v1/jobs/" + job.id() + "/artifacts/rejected-rows").then().statusCode(416)
                .header("Content-Range", "bytes */" + REPORT.length());
        given().header("Authorization", GatewayTestSupport.bearer(tenant))
                .header("If-None-Match", "\"" + created.path("sha256") + "\"")
                .get("/api/v1/jobs/" + job.id() + "/artifacts/rejected-rows").then().statusCode(304)
                .header("ETag", "\"" + created.path("sha256") + "\"");
    }

    @Test
    void aPreviewImageHasAThumbnailAndMayBeShownInline() throws IOException {
        fold(upload(job, null, "frame-050.png", png(200, 100), null, true).statusCode(201)
                .body("preview", equalTo(true)).extract());

        get("/api/v1/jobs/" + job.id()).body("state.preview.name", equalTo("frame-050.png"));
        given().header("Authorization", GatewayTestSupport.bearer(tenant)).queryParam("inline", true)
                .get("/api/v1/jobs/" + job.id() + "/artifacts/frame-050.png").then().statusCode(200)
                .contentType("image/png").header("Content-Disposition", "inline; filename=\"frame-050.png\"");
        byte[] thumbnail = get("/api/v1/jobs/" + job.id() + "/artifacts/frame-050.png/thumbnail").statusCode(200)
                .contentType("image/png").extract().asByteArray();
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertThat(small.getWidth()).isEqualTo(32);
        assertThat(small.getHeight()).isEqualTo(16);
    }

    @Test
    void anUploadUnderANameAlreadyUsedReplacesItAndTheEarlierBytesAreDeleted() throws IOException {
        var first = upload(job, "latest.txt", "latest.txt", "first".getBytes(StandardCharsets.UTF_8), null, false)
                .statusCode(201).extract();
        fold(first);
        fold(upload(job, "latest.txt", "latest.txt", "second".getBytes(StandardCharsets.UTF_8), null, false)
                .statusCode(201).extract());

        assertThat(store.size(ArtifactKeys.content(job.id(), first.path("sha256")))).isEmpty();
        get("/api/v1/jobs/" + job.id() + "/artifacts").body("items", hasSize(1));
        assertThat(get("/api/v1/jobs/" + job.id() + "/artifacts/latest.txt").extract().asString()).isEqualTo("second");
    }

    @Test
    void anotherTenantCanNeitherListNorFetchNorUpload() {
        fold(upload(job, "report.txt", "report.txt", "private".getBytes(StandardCharsets.UTF_8), null, false)
                .statusCode(201).extract());
        Tenant other = GatewayTestSupport.newTenant(keys);

        for (String path : new String[] {"", "/report.txt", "/report.txt/thumbnail"}) {
            given().header("Authorization", GatewayTestSupport.bearer(other))
                    .get("/api/v1/jobs/" + job.id() + "/artifacts" + path).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().header("Authorization", GatewayTestSupport.bearer(other))
                .multiPart("file", "x.txt", "theirs".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/v1/external-jobs/" + job.id() + "/artifacts").then().statusCode(404);
    }

    @Test
    void whatTheBytesContradictWhatIsTooLargeAndWhatIsBadlyNamedIsRefusedWithTheReason() throws IOException {
        upload(job, "frame.png", "frame.png", "just text".getBytes(StandardCharsets.UTF_8), null, false)
                .statusCode(422).contentType("application/problem+json")
                .body("errors[0]", equalTo("its content is text/plain, not image/png as its name says"));
        upload(job, "report.txt", "report.txt", png(4, 4), "text/plain", false).statusCode(422)
                .body("errors[0]", equalTo("its content is image/png, not text/plain as declared"));
        upload(job, "notes.txt", "notes.txt", "text".getBytes(StandardCharsets.UTF_8), null, true).statusCode(422)
                .body("errors[0]", containsString("a preview must be a PNG, JPEG, GIF or WebP image"));
        upload(job, "../../etc/passwd", "passwd", "x".getBytes(StandardCharsets.UTF_8), null, false)
                .statusCode(422).body("errors[0]", containsString("is not a plain file name"));
        byte[] big = new byte[100 * 1024];
        Arrays.fill(big, (byte) 'a');
        upload(job, "big.txt", "big.txt", big, null, false).statusCode(422)
                .body("errors[0]", equalTo("it is larger than the limit of 64 KiB per artifact"));

        get("/api/v1/jobs/" + job.id() + "/artifacts").body("items", hasSize(0));
    }

    @Test
    void anEndedJobOrOneAnExecutorRunsTakesNoUpload() {
        FakeJob executorJob = new FakeJob(tenant.name(), null, Map.of()).publish(redis);
        upload(executorJob, "a.txt", "a.txt", "x".getBytes(StandardCharsets.UTF_8), null, false).statusCode(409);

        job.apply(new JobSucceeded(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "reporter", "done"))
                .publish(redis);
        upload(job, "a.txt", "a.txt", "x".getBytes(StandardCharsets.UTF_8), null, false).statusCode(409)
                .body("detail", containsString("has ended"));
    }

    private io.restassured.response.ValidatableResponse upload(FakeJob to, String name, String fileName,
            byte[] bytes, String type, boolean preview) {
        var request = given().header("Authorization", GatewayTestSupport.bearer(tenant))
                .multiPart("file", fileName, bytes, "application/octet-stream").multiPart("preview",
                        String.valueOf(preview));
        if (name != null) {
            request = request.multiPart("name", name);
        }
        if (type != null) {
            request = request.multiPart("type", type);
        }
        return request.post("/api/v1/external-jobs/" + to.id() + "/artifacts").then();
    }

    /** What the aggregator would do with the upload's ArtifactSaved. */
    private void fold(ExtractableResponse<Response> created) {
        String sha256 = created.path("sha256");
        String mediaType = created.path("mediaType");
        job.apply(new ArtifactSaved(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "reporter",
                created.path("name"), mediaType, ((Number) created.path("sizeBytes")).longValue(), sha256,
                ArtifactKeys.content(job.id(), sha256), mediaType.startsWith("image/")
                        ? ArtifactKeys.thumbnail(job.id(), sha256) : null, created.path("preview"), null))
                .publish(redis);
    }

    private io.restassured.response.ValidatableResponse get(String path) {
        return given().header("Authorization", GatewayTestSupport.bearer(tenant)).get(path).then();
    }

    private static byte[] png(int width, int height) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
