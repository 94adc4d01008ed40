package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.headway.events.ControlAction;
import io.headway.events.ControlRequested;
import io.headway.events.ProgressReported;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.FakeJob;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Code outside the platform reporting over HTTP learns from the answers what was asked of its job. */
@QuarkusTest
class ExternalJobsApiTest {

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
    void aReportsAnswerSaysWhenTheJobWasAskedToCancel() {
        FakeJob job = FakeJob.external(tenant.name()).publish(redis);
        report(job).body("events", equalTo(1)).body("control", nullValue());

        job.apply(new ControlRequested(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "gateway",
                ControlAction.CANCEL, "not needed", "alice")).publish(redis);

        report(job).body("control.action", equalTo("CANCEL")).body("control.reason", equalTo("not needed"))
                .body("control.requestedBy", equalTo("alice"));
    }

    @Test
    void reportsThatWouldGrowTheJobBeyondItsBoundsAreRefusedWithTheReason() {
        FakeJob job = FakeJob.external(tenant.name()).publish(redis);

        post(job, "{\"type\": \"ProgressReported\", \"message\": \"" + "m".repeat(5000) + "\"}").statusCode(422)
                .body("errors[0]", matchesPattern(".*message.* 4,?096 characters.*"));
        post(job, counters(0, 65)).statusCode(422).body("errors[0]", allOf(containsString("counters"), containsString("64")));
        post(job, counters(0, 64)).statusCode(202);
        job.apply(counterEvent(job, 0, 64)).publish(redis);
        post(job, counters(64, 128)).statusCode(202);
        job.apply(counterEvent(job, 64, 128)).publish(redis);

        post(job, counters(128, 129)).statusCode(422)
                .body("errors[0]", containsString("would hold 129 counters; a job holds at most 128"));
    }

    private static String counters(int from, int to) {
        return "{\"type\": \"ProgressReported\", \"counters\": {" + IntStream.range(from, to)
                .mapToObj(i -> "\"c" + i + "\": " + i).collect(Collectors.joining(", ")) + "}}";
    }

    private static ProgressReported counterEvent(FakeJob job, int from, int to) {
        return new ProgressReported(UUID.randomUUID(), job.id(), GatewayTestSupport.now(), "reporter", null, null,
                null, null, null, null, IntStream.range(from, to).boxed()
                        .collect(Collectors.toMap(i -> "c" + i, i -> (long) i)));
    }

    private ValidatableResponse report(FakeJob job) {
        return post(job, "{\"type\": \"ProgressReported\", \"fraction\": 0.5}").statusCode(202);
    }

    private ValidatableResponse post(FakeJob job, String body) {
        return given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON)
                .body(body).post("/api/v1/external-jobs/" + job.id() + "/events").then();
    }
}
