package io.headway.gateway.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.gateway.AlertMailServer;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Role;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts reach a tenant's receivers as the aggregator records them: a real HTTP receiver started here gets signed
 * webhooks, retried until it answers 2xx; one that keeps failing is disabled and the tenant emailed about it
 * (GreenMail); a test delivery answers with its attempt; a delivery whose worker died goes out once its lease ends.
 */
@QuarkusTest
@QuarkusTestResource(AlertMailServer.class)
class AlertDeliveryTest {

    private static final Duration DELIVERED = Duration.ofSeconds(30);

    @Inject
    ApiKeyStore keys;

    @Inject
    Pool pool;

    /** A request the receiver got, with its header names in lower case. */
    record Received(Map<String, String> headers, String body, Instant at) {
    }

    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile IntUnaryOperator answer = request -> 200;
    private final CountDownLatch stuck = new CountDownLatch(1);
    private HttpServer receiver;
    private Tenant admin;

    @BeforeEach
    void receiverAndTenant() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream().collect(
                        Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> e.getValue().getFirst()));
                received.add(new Received(headers, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        Instant.now()));
            }
            exchange.sendResponseHeaders(answer.applyAsInt(requests.incrementAndGet()), -1);
            exchange.close();
        });
        receiver.createContext("/slow", exchange -> {
            try {
                stuck.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
        admin = GatewayTestSupport.newTenant(keys, EnumSet.of(Role.ADMIN));
    }

    @AfterEach
    void stopReceiver() {
        stuck.countDown();
        receiver.stop(0);
    }

    @Test
    void aWebhookIsRetriedUntilItAnswersAndEveryRequestIsSigned() throws Exception {
        answer = request -> request <= 2 ? 500 : 200;
        Response webhook = createWebhook();
        String secret = webhook.path("secret");
        Alert alert = record(GatewayTestSupport.raised(admin.name(), TestIds.jobId("job"), Alert.STALLED,
                AlertSeverity.WARNING, GatewayTestSupport.now()));

        await().atMost(DELIVERED).until(() -> received.size() >= 3);
        List<Received> attempts = List.copyOf(received);
        for (Received request : attempts) {
            Map<String, String> headers = request.headers();
            verifiedByTheReferenceLibrary(secret, request);
            assertThat(ReceiverExample.isGenuine(secret, headers.get("webhook-id"), headers.get("webhook-timestamp"),
                    headers.get("webhook-signature"), request.body())).isTrue();
            assertThat(Instant.ofEpochSecond(Long.parseLong(headers.get("webhook-timestamp"))))
                    .isBetween(request.at().minusSeconds(3), request.at().plusSeconds(1));
            assertThat(headers).containsEntry("content-type", "application/json")
                    .containsEntry("user-agent", "Headway");
            assertThat(WireType.ALERTS.codec().decode(request.body().getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(alert);
        }
        assertThat(attempts).extracting(r -> r.headers().get("webhook-id")).as("one id for every retry")
                .containsOnly(attempts.getFirst().headers().get("webhook-id"));
        assertThat(ReceiverExample.isGenuine(secret, "another-id", attempts.getFirst().headers()
                .get("webhook-timestamp"), attempts.getFirst().headers().get("webhook-signature"),
                attempts.getFirst().body())).isFalse();

        String webhookId = webhook.path("webhookId");
        await().atMost(DELIVERED).untilAsserted(() -> as(admin).get("/api/v1/webhooks/" + webhookId
                + "/deliveries").then().statusCode(200).body("$", hasSize(1))
                .body("[0].status", equalTo("DELIVERED")).body("[0].attempts", equalTo(3))
                .body("[0].alertId", equalTo(alert.alertId().toString()))
                .body("[0].deliveryId", equalTo(attempts.getFirst().headers().get("webhook-id")))
                .body("[0].attemptLog.outcome", contains("FAILED", "FAILED", "DELIVERED"))
                .body("[0].attemptLog.httpStatus", contains(500, 500, 200))
                .body("[0].attemptLog.detail", contains("HTTP 500", "HTTP 500", "HTTP 200")));
        as(admin).get("/api/v1/webhooks/" + webhookId).then().body("consecutiveFailures", equalTo(0))
                .body("enabled", equalTo(true));
        given().get("/q/metrics").then().body(containsString(
                "headway_gateway_alerts_delivery_attempts_total{channel=\"webhook\",outcome=\"failed\"}"));
    }

    @Test
    void aWebhookThatKeepsFailingIsDisabledAndTheTenantIsToldByEmailAndOnTheAlertsTopic() throws Exception {
        answer = request -> 500;
        String address = admin.name() + "@example.com";
        as(admin).body(Map.of("address", address)).post("/api/v1/alert-emails").then().statusCode(201);
        Response webhook = createWebhook();
        String webhookId = webhook.path("webhookId");
        String secret = webhook.path("secret");
        String url = url();

        try (TopicReader alerts = TopicReader.fromNow(Topics.ALERTS)) {
            Alert failed = record(GatewayTestSupport.raised(admin.name(), TestIds.jobId("job"), Alert.FAILED,
                    AlertSeverity.CRITICAL, GatewayTestSupport.now()));

            await().atMost(DELIVERED).untilAsserted(() -> as(admin).get("/api/v1/webhooks/" + webhookId).then()
                    .body("enabled", equalTo(false)).body("consecutiveFailures", equalTo(3))
                    .body("disabledReason", equalTo("3 attempts failed in a row; the last: HTTP 500")));
            Response disabled = as(admin).get("/api/v1/alerts?kind=WEBHOOK_DISABLED");
            disabled.then().body("items", hasSize(1)).body("items[0].severity", equalTo("WARNING"))
                    .body("items[0].state", equalTo("RAISED"))
                    .body("items[0].message", startsWith("The webhook " + url + " (" + webhookId + ") was "
                            + "disabled"));
            disabled.then().body("items[0].jobId", nullValue());
            assertThat(disabled.asString()).doesNotContain(secret);

            await().atMost(DELIVERED).until(() -> AlertMailServer.receivedBy(address).size() >= 2);
            Map<String, String> mails = AlertMailServer.receivedBy(address).stream().collect(Collectors.toMap(
                    AlertDeliveryTest::subject, AlertDeliveryTest::text));
            assertThat(mails).containsKeys("[CRITICAL] FAILED: job " + failed.jobId(),
                    "[WARNING] WEBHOOK_DISABLED: tenant " + admin.name());
            assertThat(mails.get("[WARNING] WEBHOOK_DISABLED: tenant " + admin.name())).contains(url)
                    .doesNotContain(secret);

            await().atMost(DELIVERED).until(() -> alerts.recordsWithKey(admin.name()).stream()
                    .map(r -> WireType.ALERTS.codec().decode(r.value()))
                    .anyMatch(a -> a.kind().equals(Alert.WEBHOOK_DISABLED) && a.jobId() == null));
        }

        // Enabled again, the receiver fixed: the delivery that was waiting goes out with its last attempt.
        answer = request -> 204;
        as(admin).put("/api/v1/webhooks/" + webhookId + "/enabled").then().statusCode(200)
                .body("enabled", equalTo(true)).body("consecutiveFailures", equalTo(0));
        await().atMost(DELIVERED).untilAsserted(() -> as(admin).get("/api/v1/webhooks/" + webhookId
                + "/deliveries").then().body("[0].status", equalTo("DELIVERED"))
                .body("[0].attemptLog.outcome", contains("FAILED", "FAILED", "FAILED", "DELIVERED")));
    }

    @Test
    void aTestDeliveryAnswersWithItsAttemptAndJoinsTheLogWithoutCountingAgainstTheWebhook() throws Exception {
        Response webhook = createWebhook();
        String webhookId = webhook.path("webhookId");

        as(admin).post("/api/v1/webhooks/" + webhookId + "/test").then().statusCode(200)
                .body("status", equalTo("DELIVERED")).body("attempts", equalTo(1))
                .body("attemptLog[0].httpStatus", equalTo(200)).body("attemptLog[0].outcome", equalTo("DELIVERED"));
        Received test = received.element();
        verifiedByTheReferenceLibrary(webhook.path("secret"), test);
        assertThat(new JsonObject(test.body()).getString("kind")).isEqualTo(Deliverer.TEST_KIND);

        answer = request -> 503;
        as(admin).post("/api/v1/webhooks/" + webhookId + "/test").then().statusCode(200)
                .body("status", equalTo("FAILED")).body("attemptLog[0].httpStatus", equalTo(503))
                .body("attemptLog[0].detail", equalTo("HTTP 503"));
        String nowhere = as(admin).body(Map.of("url", "http://127.0.0.1:" + closedPort() + "/hook"))
                .post("/api/v1/webhooks").path("webhookId");
        as(admin).post("/api/v1/webhooks/" + nowhere + "/test").then().statusCode(200)
                .body("status", equalTo("FAILED")).body("attemptLog[0].detail", startsWith("could not connect"));

        String slow = as(admin).body(Map.of("url", url().replace("/hook", "/slow"))).post("/api/v1/webhooks")
                .path("webhookId");
        as(admin).post("/api/v1/webhooks/" + slow + "/test").then().statusCode(200)
                .body("status", equalTo("FAILED")).body("attemptLog[0].detail", equalTo("no answer within 2000 ms"));

        as(admin).get("/api/v1/webhooks/" + webhookId + "/deliveries").then()
                .body("status", contains("FAILED", "DELIVERED"));
        as(admin).get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1").then().body("$", hasSize(1));
        as(admin).get("/api/v1/webhooks/" + webhookId).then().body("enabled", equalTo(true))
                .body("consecutiveFailures", equalTo(0));
    }

    @Test
    void aDeliveryLeasedByAWorkerThatDiedGoesOutWhenItsLeaseEnds() {
        String webhookId = createWebhook().path("webhookId");
        Alert alert = GatewayTestSupport.raised(admin.name(), TestIds.jobId("job"), Alert.STALLED,
                AlertSeverity.WARNING, GatewayTestSupport.now());
        UUID deliveryId = UUID.randomUUID();
        // As a worker leaves it when it dies between leasing and recording: pending, leased for two more seconds.
        pool.preparedQuery("INSERT INTO alert_deliveries (delivery_id, channel_id, tenant, alert_id, change_state, "
                        + "change_at, payload, status, next_attempt_at, lease_until, created_at) VALUES ($1, $2, $3, $4, "
                        + "'RAISED', now(), $5, 'PENDING', now() - interval '1 minute', now() + interval '2 seconds', "
                        + "now())")
                .execute(Tuple.of(deliveryId, UUID.fromString(webhookId), admin.name(), alert.alertId(),
                        new JsonObject(new String(WireType.ALERTS.codec().encode(alert), StandardCharsets.UTF_8))))
                .await().atMost(Duration.ofSeconds(10));

        await().during(Duration.ofMillis(1200)).atMost(Duration.ofMillis(1800)).until(received::isEmpty);
        await().atMost(DELIVERED).until(() -> received.size() == 1);
        assertThat(received.element().headers()).containsEntry("webhook-id", deliveryId.toString());
    }

    @Test
    void anAlertIsEmailedWithWhatHappenedAndALinkToTheJob() throws Exception {
        String address = admin.name() + "@example.com";
        as(admin).body(Map.of("address", address, "minSeverity", "WARNING")).post("/api/v1/alert-emails").then()
                .statusCode(201);
        record(GatewayTestSupport.raised(admin.name(), TestIds.jobId("quiet"), Alert.STALLED, AlertSeverity.INFO,
                GatewayTestSupport.now()));
        Alert stalled = record(GatewayTestSupport.raised(admin.name(), TestIds.jobId("job"), Alert.STALLED,
                AlertSeverity.WARNING, GatewayTestSupport.now()));

        await().atMost(DELIVERED).until(() -> !AlertMailServer.receivedBy(address).isEmpty());
        MimeMessage email = AlertMailServer.receivedBy(address).getFirst();
        assertThat(subject(email)).isEqualTo("[WARNING] STALLED: job " + stalled.jobId());
        assertThat(text(email)).contains(stalled.message(), "/#/jobs/" + stalled.jobId(),
                stalled.alertId().toString());
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> AlertMailServer.receivedBy(address).size() == 1);
    }

    private static void verifiedByTheReferenceLibrary(String secret, Received request) throws Exception {
        Map<String, List<String>> headers = Map.of("webhook-id", List.of(request.headers().get("webhook-id")),
                "webhook-timestamp", List.of(request.headers().get("webhook-timestamp")),
                "webhook-signature", List.of(request.headers().get("webhook-signature")));
        new Webhook(secret).verify(request.body(), headers);
    }

    private Alert record(Alert alert) {
        return GatewayTestSupport.record(pool, alert, "demo");
    }

    private Response createWebhook() {
        Response created = as(admin).body(Map.of("url", url())).post("/api/v1/webhooks");
        created.then().statusCode(201);
        return created;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification as(Tenant tenant) {
        return given().header("Authorization", GatewayTestSupport.bearer(tenant)).contentType(ContentType.JSON);
    }
}
