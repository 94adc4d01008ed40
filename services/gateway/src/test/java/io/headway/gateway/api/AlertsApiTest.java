package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.FakeJob;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Role;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alerts API as a tenant's admin uses it: rules, webhooks and email addresses managed with their checks, alerts
 * searched and read as the aggregator records them; and none of it reachable from another tenant.
 */
@QuarkusTest
class AlertsApiTest {

    @Inject
    ApiKeyStore keys;

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    private Tenant admin;
    private Tenant intruder;

    @BeforeEach
    void tenants() {
        admin = GatewayTestSupport.newTenant(keys, EnumSet.of(Role.ADMIN));
        intruder = GatewayTestSupport.newTenant(keys, EnumSet.allOf(Role.class));
    }

    @Test
    void rulesAreCreatedReadReplacedAndDeletedWithTheirDefaults() {
        Response created = as(admin).body("{\"name\": \"issues found\", \"metric\": \"issuesFound\", "
                + "\"comparison\": \">\", \"threshold\": 0}").post("/api/v1/alert-rules");
        created.then().statusCode(201).body("severity", equalTo("WARNING")).body("forSeconds", equalTo(0.0f))
                .body("jobType", nullValue());
        String ruleId = created.path("ruleId");
        assertThat(created.header("Location")).endsWith("/api/v1/alert-rules/" + ruleId);

        as(admin).body("{\"name\": \"hot\", \"jobType\": \"demo\", \"metric\": \"cpuPercent\", \"comparison\": "
                + "\">=\", \"threshold\": 90, \"forSeconds\": 1.5, \"severity\": \"critical\"}")
                .put("/api/v1/alert-rules/" + ruleId).then().statusCode(200).body("name", equalTo("hot"))
                .body("forSeconds", equalTo(1.5f)).body("severity", equalTo("CRITICAL"));
        as(admin).get("/api/v1/alert-rules/" + ruleId).then().statusCode(200).body("metric", equalTo("cpuPercent"))
                .body("jobType", equalTo("demo"));
        as(admin).get("/api/v1/alert-rules").then().statusCode(200).body("ruleId", contains(ruleId));

        as(admin).delete("/api/v1/alert-rules/" + ruleId).then().statusCode(204);
        as(admin).get("/api/v1/alert-rules/" + ruleId).then().statusCode(404)
                .contentType("application/problem+json");
        as(admin).get("/api/v1/alert-rules").then().body("$", hasSize(0));
    }

    @Test
    void aBadRuleIsRefusedWithEveryProblemNamed() {
        as(admin).body("{\"name\": \"\", \"metric\": \"9lives\", \"comparison\": \"=~\", \"threshold\": 1, "
                + "\"forSeconds\": -1, \"severity\": \"LOUD\"}").post("/api/v1/alert-rules").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors", hasSize(5))
                .body("errors", hasItem(startsWith("metric must be a counter's name")))
                .body("errors", hasItem(startsWith("comparison must be one of [>, >=, <, <=, ==, !=]")))
                .body("errors", hasItem("forSeconds must be 0 or more, was -1.0"))
                .body("errors", hasItem("severity must be one of [INFO, WARNING, CRITICAL], was 'LOUD'"));
        as(admin).body("{\"name\": \"x\", \"metric\": \"progress\", \"comparison\": \"<\"}")
                .post("/api/v1/alert-rules").then().statusCode(422)
                .body("errors", contains("threshold is required, a finite number"));
        as(admin).body("{\"name\": \"x\", \"metric\": \"progress\", \"comparison\": \"<\", \"threshold\": 1, "
                + "\"colour\": \"red\"}").post("/api/v1/alert-rules").then().statusCode(400);
    }

    @Test
    void aWebhooksSecretIsShownOnlyWhenItIsCreated() {
        Response created = as(admin).body("{\"url\": \"https://example.com/hooks/headway\"}")
                .post("/api/v1/webhooks");
        created.then().statusCode(201).body("minSeverity", equalTo("INFO")).body("enabled", equalTo(true))
                .body("secret", startsWith("whsec_"));
        String webhookId = created.path("webhookId");
        String secret = created.path("secret");

        for (Response read : List.of(as(admin).get("/api/v1/webhooks"), as(admin).get("/api/v1/webhooks/"
                + webhookId), as(admin).put("/api/v1/webhooks/" + webhookId + "/enabled"))) {
            read.then().statusCode(200);
            assertThat(read.asString()).contains(webhookId).doesNotContain(secret).doesNotContain("secret");
        }

        String own = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        as(admin).body("{\"url\": \"http://127.0.0.1:9/h\", \"minSeverity\": \"warning\", \"secret\": \"" + own
                + "\"}").post("/api/v1/webhooks").then().statusCode(201).body("secret", equalTo(own))
                .body("minSeverity", equalTo("WARNING"));
        as(admin).get("/api/v1/webhooks").then().body("$", hasSize(2));
        as(admin).delete("/api/v1/webhooks/" + webhookId).then().statusCode(204);
        as(admin).get("/api/v1/webhooks/" + webhookId).then().statusCode(404);
    }

    @Test
    void badWebhooksAndAddressesAreRefused() {
        for (String url : List.of("ftp://example.com/x", "/relative", "not a url", "https://")) {
            as(admin).body(Map.of("url", url)).post("/api/v1/webhooks").then().statusCode(422)
                    .body("errors", contains(startsWith("url must be an absolute http or https URL")));
        }
        as(admin).body(Map.of("url", "https://example.com", "secret", "whsec_short")).post("/api/v1/webhooks")
                .then().statusCode(422).body("errors", contains(startsWith("secret must be whsec_")));
        as(admin).body(Map.of("address", "nobody", "minSeverity", "urgent")).post("/api/v1/alert-emails").then()
                .statusCode(422).body("errors", hasSize(2));
    }

    @Test
    void emailAddressesAreAddedListedAndRemoved() {
        Response created = as(admin).body(Map.of("address", "oncall@example.com", "minSeverity", "CRITICAL"))
                .post("/api/v1/alert-emails");
        created.then().statusCode(201).body("address", equalTo("oncall@example.com"))
                .body("minSeverity", equalTo("CRITICAL")).header("Location", containsString("/api/v1/alert-emails/"));
        String emailId = created.path("emailId");
        as(admin).get("/api/v1/alert-emails").then().body("emailId", contains(emailId));
        as(admin).delete("/api/v1/alert-emails/" + emailId).then().statusCode(204);
        as(admin).delete("/api/v1/alert-emails/" + emailId).then().statusCode(404);
    }

    @Test
    void anotherTenantSeesNoneOfItAndCanChangeNothing() {
        String ruleId = as(admin).body("{\"name\": \"r\", \"metric\": \"progress\", \"comparison\": \"<\", "
                + "\"threshold\": 0.5}").post("/api/v1/alert-rules").path("ruleId");
        String webhookId = as(admin).body(Map.of("url", "https://example.com/h")).post("/api/v1/webhooks")
                .path("webhookId");
        String emailId = as(admin).body(Map.of("address", "a@example.com")).post("/api/v1/alert-emails")
                .path("emailId");
        Alert alert = GatewayTestSupport.record(pool, GatewayTestSupport.raised(admin.name(), "job-x", Alert.STALLED,
                AlertSeverity.WARNING, GatewayTestSupport.now()), "demo");

        for (String list : List.of("/api/v1/alert-rules", "/api/v1/webhooks", "/api/v1/alert-emails")) {
            as(intruder).get(list).then().statusCode(200).body("$", hasSize(0));
        }
        as(intruder).get("/api/v1/alerts").then().statusCode(200).body("items", hasSize(0));
        for (String one : List.of("/api/v1/alert-rules/" + ruleId, "/api/v1/webhooks/" + webhookId,
                "/api/v1/webhooks/" + webhookId + "/deliveries", "/api/v1/alerts/" + alert.alertId())) {
            as(intruder).get(one).then().statusCode(404).contentType("application/problem+json");
        }
        as(intruder).post("/api/v1/webhooks/" + webhookId + "/test").then().statusCode(404);
        as(intruder).put("/api/v1/webhooks/" + webhookId + "/enabled").then().statusCode(404);
        as(intruder).body("{\"name\": \"mine\", \"metric\": \"progress\", \"comparison\": \"<\", \"threshold\": 1}")
                .put("/api/v1/alert-rules/" + ruleId).then().statusCode(404);
        for (String one : List.of("/api/v1/alert-rules/" + ruleId, "/api/v1/webhooks/" + webhookId,
                "/api/v1/alert-emails/" + emailId)) {
            as(intruder).delete(one).then().statusCode(404);
            as(admin).get(one.startsWith("/api/v1/alert-emails") ? "/api/v1/alert-emails" : one).then()
                    .statusCode(200);
        }
        as(admin).get("/api/v1/alert-rules/" + ruleId).then().body("name", equalTo("r"));
    }

    @Test
    void managingAlertsNeedsAdminAndReadingThemNeedsRead() {
        Tenant reader = GatewayTestSupport.newTenant(keys, EnumSet.of(Role.READ));
        as(reader).get("/api/v1/alerts").then().statusCode(200);
        for (String path : List.of("/api/v1/alert-rules", "/api/v1/webhooks", "/api/v1/alert-emails")) {
            as(reader).get(path).then().statusCode(403).contentType("application/problem+json");
        }
        given().get("/api/v1/alerts").then().statusCode(401);
        as(admin).get("/api/v1/alerts").then().statusCode(200);
    }

    @Test
    void alertsAreSearchedNewestFirstFilteredAndPaged() {
        Instant base = Instant.parse("2026-06-01T00:00:00Z");
        String tenant = admin.name();
        Alert stalled = GatewayTestSupport.record(pool, GatewayTestSupport.raised(tenant, "job-a", Alert.STALLED,
                AlertSeverity.WARNING, base), "demo");
        GatewayTestSupport.record(pool, stalled.next(AlertState.UPDATED, "still no progress", base.plusSeconds(30)),
                "demo");
        GatewayTestSupport.record(pool, stalled.next(AlertState.RESOLVED, "moving again", base.plusSeconds(60)),
                "demo");
        Alert failed = GatewayTestSupport.record(pool, GatewayTestSupport.raised(tenant, "job-b", Alert.FAILED,
                AlertSeverity.CRITICAL, base.plusSeconds(10)), "scan");
        Alert tenantWide = GatewayTestSupport.record(pool, GatewayTestSupport.raised(tenant, null,
                Alert.WEBHOOK_DISABLED, AlertSeverity.WARNING, base.plusSeconds(20)), null);
        String a = stalled.alertId().toString();
        String b = failed.alertId().toString();
        String c = tenantWide.alertId().toString();

        search("").then().statusCode(200).body("items.alertId", contains(c, b, a)).body("next", nullValue());
        search("?state=open").then().body("items.alertId", contains(c, b));
        search("?state=RESOLVED").then().body("items.alertId", contains(a))
                .body("items[0].resolvedAt", equalTo("2026-06-01T00:01:00Z"))
                .body("items[0].message", equalTo("moving again")).body("items[0].jobType", equalTo("demo"));
        search("?kind=FAILED").then().body("items.alertId", contains(b));
        search("?severity=critical").then().body("items.alertId", contains(b));
        search("?jobId=job-a").then().body("items.alertId", contains(a));
        search("?since=2026-06-01T00:00:10Z").then().body("items.alertId", contains(c, b));
        Response first = search("?limit=2");
        first.then().body("items.alertId", contains(c, b)).body("next", not(nullValue()));
        search("?limit=2&cursor=" + first.path("next")).then().body("items.alertId", contains(a));
        search("?state=shut").then().statusCode(400).contentType("application/problem+json");
        search("?cursor=nonsense").then().statusCode(400);
        search("?since=yesterday").then().statusCode(400);

        as(admin).get("/api/v1/alerts/" + a).then().statusCode(200).body("state", equalTo("RESOLVED"))
                .body("raisedAt", equalTo("2026-06-01T00:00:00Z")).body("updatedAt", equalTo("2026-06-01T00:01:00Z"))
                .body("changes.state", contains("RAISED", "UPDATED", "RESOLVED"))
                .body("changes.message", contains("STALLED of job-a", "still no progress", "moving again"));
        as(admin).get("/api/v1/alerts/" + c).then().body("$", hasKey("jobId")).body("jobId", nullValue())
                .body("resolvedAt", nullValue()).body("kind", equalTo("WEBHOOK_DISABLED"));
        search("?jobId=job-a").then().body("items[0]", not(hasKey("changes")));
        as(admin).get("/api/v1/alerts/not-a-uuid").then().statusCode(400);
        as(admin).get("/api/v1/alerts/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aJobsAlertsAreReadLikeItsOtherHistory() {
        FakeJob job = new FakeJob(admin.name(), null, Map.of()).publish(redis);
        Alert raised = GatewayTestSupport.record(pool, GatewayTestSupport.raised(admin.name(), job.id(),
                Alert.STALLED, AlertSeverity.WARNING, GatewayTestSupport.now()), "demo");
        GatewayTestSupport.record(pool, GatewayTestSupport.raised(admin.name(), "another-job", Alert.FAILED,
                AlertSeverity.CRITICAL, GatewayTestSupport.now()), "demo");

        as(admin).get("/api/v1/jobs/" + job.id() + "/alerts").then().statusCode(200)
                .body("items.alertId", contains(raised.alertId().toString()));
        as(admin).get("/api/v1/jobs/" + job.id() + "/alerts?state=RESOLVED").then().body("items", hasSize(0));
        as(intruder).get("/api/v1/jobs/" + job.id() + "/alerts").then().statusCode(404)
                .body("detail", equalTo("no job '" + job.id() + "'"));
    }

    private Response search(String query) {
        return as(admin).get("/api/v1/alerts" + query);
    }

    private static RequestSpecification as(Tenant tenant) {
        return given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON);
    }
}
