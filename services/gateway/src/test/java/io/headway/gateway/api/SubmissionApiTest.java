package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.headway.events.JobRequest;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressEvent;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.TestTopics;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.testing.TopicReader;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestTopics.class)
class SubmissionApiTest {

    private static final String DEMO = """
            {"type": "demo", "parameters": {"size": "3"}, "labels": {"team": "search"}, "priority": 5}
            """;

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
    void aSubmissionIsOneTransactionOfJobSubmittedAndJobRequestAndIsReadableAtOnce() {
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS);
                TopicReader requests = TopicReader.fromNow(TestTopics.JOB_REQUESTS)) {
            ExtractableResponse<Response> answer = submit(DEMO).statusCode(202)
                    .header("Location", containsString("/api/v1/jobs/"))
                    .body("status", equalTo("QUEUED"))
                    .body("links.stream", containsString("/api/v1/stream/sse?jobId=")).extract();
            String jobId = answer.path("jobId");

            given().header("Authorization", GatewayTestSupport.bearer(tenant)).get("/api/v1/jobs/" + jobId)
                    .then().statusCode(200).body("state.status", equalTo("QUEUED"))
                    .body("state.tenant", equalTo(tenant.name())).body("state.labels.team", equalTo("search"));

            List<ConsumerRecord<String, byte[]>> submitted = Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> progress.recordsWithKey(jobId), found -> !found.isEmpty());
            ProgressEvent event = WireType.PROGRESS.codec().decode(submitted.getFirst().value());
            assertThat(event).isInstanceOfSatisfying(JobSubmitted.class, s -> {
                assertThat(s.tenant()).isEqualTo(tenant.name());
                assertThat(s.priority()).isEqualTo(5);
                assertThat(s.stages()).isNotEmpty();
            });
            List<ConsumerRecord<String, byte[]>> request = Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> requests.recordsWithKey(jobId), found -> !found.isEmpty());
            JobRequest work = WireType.JOB_REQUESTS.codec().decode(request.getFirst().value());
            assertThat(work.parameters()).containsEntry("size", "3");
            assertThat(work.submittedBy()).startsWith("key:");
        }
    }

    @Test
    void theSameIdempotencyKeyAnswersWithTheSameJob() {
        String key = UUID.randomUUID().toString();
        String first = submit(DEMO, key).statusCode(202).extract().path("jobId");

        submit(DEMO, key).statusCode(200).header("Idempotent-Replayed", "true").body("jobId", equalTo(first));
        submit(DEMO.replace("\"3\"", "\"4\""), key).statusCode(422)
                .body("detail", containsString("used for a different request"));
        String other = submit(DEMO, UUID.randomUUID().toString()).statusCode(202).extract().path("jobId");
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void anIdempotencyKeyHoldsWhenRedisLosesEverything() {
        String key = UUID.randomUUID().toString();
        String first = submit(DEMO, key).statusCode(202).extract().path("jobId");

        redis.flushall();

        submit(DEMO, key).statusCode(200).header("Idempotent-Replayed", "true").body("jobId", equalTo(first));
        submit(DEMO.replace("\"3\"", "\"4\""), key).statusCode(422)
                .body("detail", containsString("used for a different request"));
    }

    @Test
    void aBatchIsAcceptedWhole() {
        String body = """
                {"batchId": "%s", "labels": {"run": "nightly"}, "jobs": [
                  {"type": "demo", "parameters": {"size": "2"}},
                  {"type": "demo", "labels": {"shard": "2"}}]}
                """.formatted("b-" + UUID.randomUUID());
        given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/jobs/batch").then().statusCode(202).body("jobs", hasSize(2))
                .body("jobs.status", hasItem("QUEUED"));
    }

    @Test
    void aBatchWithOneBadJobIsRefusedWithEveryProblem() {
        String body = """
                {"jobs": [{"type": "demo"}, {"type": "nope"}, {"type": "demo", "parameters": {"size": "x"}}]}
                """;
        given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/jobs/batch").then().statusCode(422).contentType("application/problem+json")
                .body("errors", hasSize(2))
                .body("errors[0]", containsString("jobs[1].unknown job type 'nope'"))
                .body("errors[1]", startsWith("jobs[2].parameter 'size'"));
    }

    @Test
    void badRequestsGetAProblemThatSaysWhatIsWrong() {
        problem("{\"type\": \"demo\", ", 400, "malformed JSON");
        problem("{\"type\": \"demo\", \"colour\": \"red\"}", 400, "unknown field 'colour'");
        problem("{\"type\": \"demo\", \"priority\": \"high\"}", 400, "'priority'");
        problem("{\"type\": \"rm-rf\"}", 422, null).body("errors[0]", containsString("unknown job type 'rm-rf'"));
        problem("{\"type\": \"demo\", \"parameters\": {\"steps\": \"-1\", \"x\": \"y\"}}", 422, null)
                .body("errors", hasSize(2));
        problem("{\"type\": \"demo\", \"timeoutMs\": 999999999999}", 422, null)
                .body("errors[0]", containsString("timeoutMs must be between 1 and"));
        problem("{\"type\": \"demo\", \"labels\": {\"bad key!\": \"x\"}}", 422, null);
        problem("{\"type\": \"demo\", \"parameters\": {\"size\": \"" + "9".repeat(2000) + "\"}}", 422, null)
                .body("errors[0]", containsString("at most 1024 characters"));
        problem("{\"type\": \"demo\", \"labels\": {\"k\": \"" + "x".repeat(300_000) + "\"}}", 413, "bytes");
        problem("", 400, "JSON body");
    }

    @Test
    void submissionsAreRateLimitedPerKey() {
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            jobs.append(i == 0 ? "" : ",").append("{\"type\": \"demo\"}");
        }
        given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON)
                .body("{\"jobs\": [" + jobs + "]}").post("/api/v1/jobs/batch").then().statusCode(202);

        submit(DEMO).statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("detail", containsString("jobs per 3600 s"));
        Tenant other = GatewayTestSupport.newTenant(keys);
        given().header("Authorization", GatewayTestSupport.bearer(other)).contentType(ContentType.JSON).body(DEMO)
                .post("/api/v1/jobs").then().statusCode(202);
    }

    @Test
    void jobTypesListTheirParametersButNeverTheirCommand() {
        given().header("Authorization", GatewayTestSupport.bearer(tenant)).get("/api/v1/job-types").then()
                .statusCode(200).body("type", hasItem("demo")).body("[0].command", equalTo(null));
    }

    private ValidatableResponse problem(String body, int status, String detail) {
        var response = given().header("Authorization", GatewayTestSupport.bearer(tenant))
                .contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(status)
                .contentType("application/problem+json").body("status", equalTo(status));
        return detail == null ? response : response.body("detail", containsString(detail));
    }

    private ValidatableResponse submit(String body) {
        return submit(body, null);
    }

    private ValidatableResponse submit(String body, String idempotencyKey) {
        var request = given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON)
                .body(body);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/v1/jobs").then();
    }
}
