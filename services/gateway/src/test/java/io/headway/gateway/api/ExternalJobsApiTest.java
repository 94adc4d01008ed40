package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.headway.events.ControlAction;
import io.headway.events.ControlRequested;
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

    private ValidatableResponse report(FakeJob job) {
        return given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON)
                .body("{\"type\": \"ProgressReported\", \"fraction\": 0.5}")
                .post("/api/v1/external-jobs/" + job.id() + "/events").then().statusCode(202);
    }
}
