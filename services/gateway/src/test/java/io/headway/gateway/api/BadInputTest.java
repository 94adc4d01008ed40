package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.headway.events.LogBatch;
import io.headway.events.LogLine;
import io.headway.events.codec.RecordCodec;
import io.headway.events.kafka.Topics;
import io.headway.events.JobSucceeded;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.FakeJob;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Role;
import io.headway.testing.TopicReader;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What probing found answered with 500 or a misleading error: each is now a 4xx problem that says what is wrong. */
@QuarkusTest
class BadInputTest {

    @Inject
    ApiKeyStore keys;

    @Inject
    RedisDataSource redis;

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = GatewayTestSupport.newTenant(keys);
    }

    @Test
    void aNullParameterOrLabelIsRefusedByName() {
        request().body("{\"type\": \"demo\", \"parameters\": {\"size\": null}}").post("/api/v1/jobs").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors", hasItem("parameters 'size' must be a string, not null"));
        request().body("{\"jobs\": [{\"type\": \"demo\"}, {\"type\": \"demo\", \"parameters\": {\"size\": null}}]}")
                .post("/api/v1/jobs/batch").then().statusCode(422)
                .body("errors", hasItem("jobs[1].parameters 'size' must be a string, not null"));
        request().body("{\"type\": \"demo\", \"labels\": {\"a\": null}}").post("/api/v1/jobs").then()
                .statusCode(422).body("errors", hasItem("labels 'a' must be a string, not null"));
    }

    @Test
    void aNullStageOfAnExternalJobIsRefused() {
        request().body("{\"type\": \"import\", \"stages\": [{\"name\": \"read\", \"weight\": 1}, null]}")
                .post("/api/v1/external-jobs").then().statusCode(422).contentType("application/problem+json")
                .body("errors", hasItem("stages[1] must be a stage with a name and a weight, not null"));
    }

    @Test
    void aControlCharacterInAPathIsABadRequest() {
        request().urlEncodingEnabled(false).get("/api/v1/jobs/%00").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("control character"));
        request().urlEncodingEnabled(false).body("{\"reason\": \"x\"}").post("/api/v1/jobs/a%00b/cancel").then()
                .statusCode(400);
        request().urlEncodingEnabled(false).get("/api/v1/batches/%00").then().statusCode(400);
        request().urlEncodingEnabled(false).get("/api/v1/jobs?batchId=a%00b").then().statusCode(400)
                .body("detail", containsString("control character"));
        request().get("/api/v1/jobs/no-such-job").then().statusCode(404);
    }

    @Test
    void aQueryParameterOfTheWrongKindIsABadRequestThatSaysWhich() {
        request().get("/api/v1/jobs?limit=abc").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("\"abc\" is not a whole number"));
        request().get("/api/v1/jobs/any-job/events?after=abc").then().statusCode(400)
                .body("detail", containsString("\"abc\" is not a whole number"));
    }

    @Test
    void anEndedJobTakesNoMoreEventsAndNothingFollowsAnEndInOneReport() {
        FakeJob ended = FakeJob.external(tenant.name());
        ended.apply(new JobSucceeded(UUID.randomUUID(), ended.id(), GatewayTestSupport.now(), "test", "done"))
                .publish(redis);
        request().body("{\"type\": \"JobFailed\", \"error\": \"late\"}")
                .post("/api/v1/external-jobs/" + ended.id() + "/events").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("has ended (SUCCEEDED)"));

        FakeJob running = FakeJob.external(tenant.name()).publish(redis);
        request().body("[{\"type\": \"JobSucceeded\"}, {\"type\": \"JobFailed\", \"error\": \"late\"}]")
                .post("/api/v1/external-jobs/" + running.id() + "/events").then().statusCode(422)
                .body("errors", hasItem("events[1] follows JobSucceeded, which ends the job"));
    }

    @Test
    void bodiesAreReadStrictly() {
        request().body("{\"type\": \"demo\"} trailing").post("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json");
        request().body("{\"type\": \"demo\", \"type\": \"other\"}").post("/api/v1/jobs").then().statusCode(400)
                .body("detail", containsString("Duplicate field 'type'"));
        request().body("{\"type\": \"demo\", \"priority\": 1.5}").post("/api/v1/jobs").then().statusCode(400)
                .body("detail", containsString("priority"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithAProblemBeforeItIsRead() {
        request().body("{\"type\": \"demo\", \"labels\": {\"a\": \"" + "x".repeat(5_000_000) + "\"}}")
                .post("/api/v1/jobs").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 65536 bytes"));
    }

    @Test
    void aUriOverTheLimitIsRefusedWithAProblem() {
        request().get("/api/v1/jobs/" + "j".repeat(20_000)).then().statusCode(414)
                .contentType("application/problem+json").body("detail", containsString("at most 8192 characters"));
        request().get("/?q=" + "j".repeat(9_000)).then().statusCode(414).contentType("application/problem+json");
    }

    @Test
    void aKeyNameHasALimitAndTheRoleErrorSpeaksTheRolesAsTheyAreSent() {
        Tenant admin = GatewayTestSupport.newTenant(keys, EnumSet.of(Role.ADMIN));
        RequestSpecification asAdmin = given().header("Authorization", GatewayTestSupport.bearer(admin))
                .contentType(ContentType.JSON);
        asAdmin.body("{\"name\": \"" + "n".repeat(1000) + "\", \"roles\": [\"read\"]}").post("/api/v1/keys")
                .then().statusCode(422).body("errors", hasItem("name must be at most 128 characters, was 1000"));
        asAdmin.body("{\"name\": \"ci\", \"roles\": []}").post("/api/v1/keys").then().statusCode(422)
                .body("errors[0]", containsString("read")).body("errors[0]", not(containsString("READ")));
    }

    @Test
    void anExternalLogLineIsCutAtTheDocumentedLength() {
        String jobId = request().body("{\"type\": \"import\"}").post("/api/v1/external-jobs").then()
                .statusCode(202).extract().path("jobId");
        try (TopicReader logs = TopicReader.fromNow(Topics.LOGS)) {
            request().body("{\"lines\": [{\"text\": \"" + "x".repeat(10_000) + "\"}]}")
                    .post("/api/v1/external-jobs/" + jobId + "/logs").then().statusCode(202);

            ConsumerRecord<String, byte[]> record = Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> logs.recordsWithKey(jobId), found -> !found.isEmpty()).getFirst();
            String text = new RecordCodec<>(LogBatch.class).decode(record.value()).lines().getFirst().text();
            assertThat(text).hasSize(LogLine.MAX_TEXT - 1).startsWith("x".repeat(4071))
                    .endsWith("x …[5929 more characters]");
        }
    }

    private RequestSpecification request() {
        return given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON);
    }
}
