package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.headway.events.ProgressReported;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.FakeJob;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Role;
import io.headway.stream.ClientMessage.GetBatchProgress;
import io.headway.stream.ClientMessage.GetProgress;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.SseClient;
import io.headway.stream.StreamClient;
import io.headway.stream.StreamCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One tenant's key reaches nothing of another tenant's, by any path; no key, or a wrong one, reaches nothing. */
@QuarkusTest
class TenantIsolationTest {

    @TestHTTPResource("/api/v1/stream")
    URI http;

    @TestHTTPResource("/api/v1/stream/sse")
    URI sse;

    @Inject
    ApiKeyStore keys;

    @Inject
    RedisDataSource redis;

    private Tenant owner;
    private Tenant intruder;
    private String jobId;
    private String batchId;

    @BeforeEach
    void jobOfAnotherTenant() {
        owner = GatewayTestSupport.newTenant(keys);
        intruder = GatewayTestSupport.newTenant(keys, EnumSet.allOf(Role.class));
        batchId = "batch-" + UUID.randomUUID();
        jobId = given().header("Authorization", GatewayTestSupport.bearer(owner)).contentType(ContentType.JSON)
                .body("{\"type\": \"demo\", \"batchId\": \"" + batchId + "\"}").post("/api/v1/jobs").then()
                .statusCode(202).extract().path("jobId");
    }

    @Test
    void restReadsAndExportsOfAnotherTenantsJobAreNotFound() {
        for (String path : List.of("", "/logs", "/events", "/resources", "/checkpoints", "/events/export",
                "/events/export?format=csv")) {
            given().header("Authorization", GatewayTestSupport.bearer(intruder)).get("/api/v1/jobs/" + jobId + path)
                    .then().statusCode(404).contentType("application/problem+json")
                    .body("detail", equalTo("no job '" + jobId + "'"));
        }
        given().header("Authorization", GatewayTestSupport.bearer(owner)).get("/api/v1/jobs/" + jobId)
                .then().statusCode(200);
        given().header("Authorization", GatewayTestSupport.bearer(intruder)).get("/api/v1/batches/" + batchId)
                .then().statusCode(404);
        given().header("Authorization", GatewayTestSupport.bearer(intruder)).get("/api/v1/jobs")
                .then().statusCode(200).body(not(containsString(jobId)));
        given().header("Authorization", GatewayTestSupport.bearer(intruder)).get("/api/v1/jobs/export?format=csv")
                .then().statusCode(200).body(not(containsString(jobId)));
    }

    @Test
    void anotherTenantCannotControlOrReportOnTheJob() {
        for (String action : List.of("cancel", "pause", "resume")) {
            given().header("Authorization", GatewayTestSupport.bearer(intruder)).contentType(ContentType.JSON)
                    .body("{\"reason\": \"mine now\"}").post("/api/v1/jobs/" + jobId + "/" + action)
                    .then().statusCode(404);
        }
        given().header("Authorization", GatewayTestSupport.bearer(intruder)).contentType(ContentType.JSON)
                .body("{\"type\": \"ProgressReported\", \"fraction\": 1.0}")
                .post("/api/v1/external-jobs/" + jobId + "/events").then().statusCode(404);
        given().header("Authorization", GatewayTestSupport.bearer(owner)).contentType(ContentType.JSON)
                .body("{\"reason\": \"changed my mind\"}").post("/api/v1/jobs/" + jobId + "/cancel")
                .then().statusCode(202).body("action", equalTo("CANCEL"));
    }

    @Test
    void theStreamNeverCarriesAnotherTenantsJob() throws Exception {
        FakeJob foreign = new FakeJob(owner.name(), batchId, Map.of("team", "x")).publish(redis);
        FakeJob own = new FakeJob(intruder.name(), null, Map.of("team", "x")).publish(redis);
        URI ws = URI.create(http.toString().replace("http://", "ws://"));
        URI events = URI.create(sse + "?jobId=" + foreign.id() + "&jobId=" + own.id());
        try (StreamClient client = StreamClient.connect(ws, intruder.key());
                SseClient sseClient = SseClient.connect(events, intruder.key(), null)) {
            client.send(Subscribe.jobs(foreign.id(), own.id()).withId("by-id"));
            client.send(Subscribe.batch(batchId));
            client.send(Subscribe.labels(Map.of("team", "x")));
            client.send(Subscribe.everything().coalescing(100));
            client.send(new GetProgress(null, foreign.id()));
            client.send(new GetBatchProgress(null, batchId));
            // Four subscriptions read their snapshots concurrently: their replies come in any order.
            ServerMessage.Subscribed ack = client.await(ServerMessage.Subscribed.class, m -> "by-id".equals(m.id()));
            assertThat(ack.pending()).contains(foreign.id());

            foreign.apply(progress(foreign.id())).publish(redis);
            own.apply(progress(own.id())).publish(redis);
            client.await(ServerMessage.Snapshot.class, m -> m.jobId().equals(own.id()) && m.sequence() == 2);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sseClient.events().stream()
                    .anyMatch(e -> e.data().contains(own.id()) && e.data().contains("\"sequence\":2,")));

            assertThat(client.messages()).noneMatch(m -> StreamCodec.encode(m).contains(foreign.id())
                    && !(m instanceof ServerMessage.Subscribed) && !(m instanceof ServerMessage.Error));
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    client.messages(ServerMessage.Error.class)).hasSize(2)
                    .allMatch(m -> m.code() == ServerMessage.ErrorCode.NOT_FOUND));
            assertThat(sseClient.events()).noneMatch(e -> e.data().contains(foreign.id())
                    && !"subscribed".equals(e.name()));
        }
    }

    @Test
    void noKeyOrAWrongKeyIsRefusedEverywhere() {
        given().get("/api/v1/jobs/" + jobId).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer hw_not-a-key").get("/api/v1/jobs/" + jobId).then().statusCode(401)
                .body("detail", equalTo("the API key is not valid"));
        given().header("X-API-Key", "hw_not-a-key").contentType(ContentType.JSON).body("{\"type\": \"demo\"}")
                .post("/api/v1/jobs").then().statusCode(401);
        given().get("/api/v1/stream/sse?all=true").then().statusCode(401);
        URI ws = URI.create(http.toString().replace("http://", "ws://"));
        assertThatThrownBy(() -> StreamClient.connect(ws, "hw_not-a-key")).hasStackTraceContaining("401");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aKeyActsOnlyWithinItsRoles() {
        Tenant reader = GatewayTestSupport.newTenant(keys, EnumSet.of(Role.READ));
        given().header("Authorization", GatewayTestSupport.bearer(reader)).contentType(ContentType.JSON)
                .body("{\"type\": \"demo\"}").post("/api/v1/jobs").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", GatewayTestSupport.bearer(reader)).get("/api/v1/keys").then()
                .statusCode(403);
        given().header("Authorization", GatewayTestSupport.bearer(reader)).get("/api/v1/queue").then()
                .statusCode(200);
    }

    @Test
    void anAdminIssuesKeysForItsOwnTenantOnly() {
        String issued = given().header("Authorization", GatewayTestSupport.bearer(intruder))
                .contentType(ContentType.JSON).body("{\"name\": \"ci\", \"roles\": [\"read\"]}")
                .post("/api/v1/keys").then().statusCode(201).body("apiKey.tenant", equalTo(intruder.name()))
                .extract().path("key");
        given().header("Authorization", "Bearer " + issued).get("/api/v1/jobs/" + jobId).then().statusCode(404);
        given().header("Authorization", GatewayTestSupport.bearer(intruder)).get("/api/v1/keys").then()
                .statusCode(200).body(not(containsString(issued)));
    }

    private static ProgressReported progress(String jobId) {
        return new ProgressReported(UUID.randomUUID(), jobId, GatewayTestSupport.now(), "test", null, 0.5, null,
                null, null, null, Map.of());
    }
}
