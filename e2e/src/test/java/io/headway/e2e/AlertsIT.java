package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.headway.events.Alert;
import io.headway.events.AlertState;
import io.headway.events.kafka.WireType;
import io.headway.testing.ApiKeys;
import io.headway.testing.TestIds;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts from real jobs' behaviour, every service a real process: the demo job goes quiet (stalled, then resolved),
 * fails its last attempt (retries exhausted), finds issues (a tenant's threshold rule) or runs far slower than its
 * type did before (slower than usual); the alerts reach the REST API, a signed webhook on a local receiver (after its
 * first attempts fail) and an email on a real SMTP server (GreenMail); another tenant sees none of it. Thresholds and
 * intervals are set to seconds, as an operator may.
 */
class AlertsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final String RUN = TestIds.jobId("alerts-e2e");
    private static final String OTHER_KEY = "hw_e2e_other_" + RUN;
    private static final String OTHER_TENANT = RUN + "-other";

    private static GreenMail smtp;
    private static Receiver receiver;
    private static Platform platform;
    /** The run's tenant, and another tenant of the test's own. */
    private static Api owner;
    private static Api other;

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        receiver = Receiver.start(2);
        platform = new Platform(RUN, "AlertsIT", List.of(
                "headway.aggregator.alerts.check-interval=500ms",
                "headway.aggregator.alerts.stall-default=3s",
                "headway.aggregator.alerts.stall-minimum=1s",
                "headway.aggregator.alerts.min-history=3",
                "headway.aggregator.alerts.slow-for=1s",
                "headway.aggregator.alerts.resolve-after=1s",
                "headway.aggregator.alerts.update-every=2s",
                "headway.aggregator.alerts.baseline-refresh=2s",
                "headway.aggregator.alerts.rules-refresh=1s"), List.of(
                "headway.gateway.alerts.delivery.poll-interval=1s",
                "headway.gateway.alerts.delivery.initial-backoff=300ms",
                "headway.gateway.alerts.delivery.max-backoff=1s",
                "quarkus.mailer.host=127.0.0.1",
                "quarkus.mailer.port=" + smtp.getSmtp().getPort(),
                "quarkus.mailer.start-tls=DISABLED")).start();
        ApiKeys.register(OTHER_TENANT, OTHER_KEY, OTHER_TENANT, "AlertsIT other tenant", "read", "submit", "admin");
        owner = platform.api(platform.key);
        other = platform.api(OTHER_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
        receiver.stop();
        smtp.stop();
    }

    @Test
    void aJobThatGoesQuietIsStalledAndResolvedAndBothAreDeliveredSignedAndByEmail() throws Exception {
        JsonNode webhook = owner.call("POST", "/api/v1/webhooks",
                "{\"url\": \"" + receiver.url() + "\", \"minSeverity\": \"WARNING\"}", 201);
        String address = "oncall-" + RUN + "@example.com";
        owner.call("POST", "/api/v1/alert-emails", "{\"address\": \"" + address + "\"}", 201);

        String jobId = submit(owner, "{\"size\": \"6\", \"delayMs\": \"50\", \"silentAt\": \"3\", "
                + "\"silentMs\": \"7000\"}");

        Received raised = await().atMost(PATIENCE).until(() -> receiver.delivered(jobId, AlertState.RAISED),
                r -> r != null);
        assertThat(raised.alert().kind()).isEqualTo(Alert.STALLED);
        assertThat(raised.alert().message()).startsWith("no progress for ");
        assertThat(raised.signedWith(webhook.path("secret").asText())).as("signature").isTrue();
        assertThat(Math.abs(Instant.now().getEpochSecond() - raised.timestamp())).isLessThan(60);

        Received resolved = await().atMost(PATIENCE).until(() -> receiver.delivered(jobId, AlertState.RESOLVED),
                r -> r != null);
        assertThat(resolved.alert().alertId()).isEqualTo(raised.alert().alertId());
        assertThat(resolved.id()).isNotEqualTo(raised.id());

        JsonNode log = owner.call("GET", "/api/v1/webhooks/" + webhook.path("webhookId").asText()
                + "/deliveries", null, 200);
        assertThat(log.toString()).contains("FAILED", "DELIVERED");
        assertThat(receiver.failedOnPurpose()).as("the first attempts failed and were retried").isEqualTo(2);

        await().atMost(PATIENCE).until(() -> mails(address).stream().anyMatch(m -> m.contains(jobId)
                && m.contains(Alert.STALLED)));
        JsonNode alerts = owner.call("GET", "/api/v1/jobs/" + jobId + "/alerts", null, 200);
        assertThat(alerts.path("items").findValuesAsText("kind")).contains(Alert.STALLED);
    }

    @Test
    void aJobThatFailsItsLastAttemptHasItsRetriesExhausted() throws Exception {
        String jobId = submit(owner, "{\"size\": \"4\", \"delayMs\": \"10\", \"failAt\": \"2\", "
                + "\"failAttempts\": \"3\"}");

        JsonNode alert = await().atMost(PATIENCE).until(() -> firstAlert(owner, jobId, Alert.RETRIES_EXHAUSTED),
                a -> a != null);
        assertThat(alert.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(alert.path("message").asText()).startsWith("failed on its last attempt (3)");
    }

    @Test
    void aThresholdRuleOnACounterIsRaisedFromTheJobsIssuesAndResolvedAtItsEnd() throws Exception {
        owner.call("POST", "/api/v1/alert-rules", "{\"name\": \"issues found\", \"jobType\": \"demo\", "
                + "\"metric\": \"issuesFound\", \"comparison\": \">\", \"threshold\": 0, \"severity\": \"CRITICAL\"}",
                201);
        String jobId = submit(owner, "{\"size\": \"9\", \"delayMs\": \"100\"}");

        JsonNode alert = await().atMost(PATIENCE).until(() -> firstAlert(owner, jobId, Alert.THRESHOLD),
                a -> a != null && a.path("state").asText().equals("RESOLVED"));
        assertThat(alert.path("message").asText()).contains("issues found: issuesFound is 1 (> 0)");
    }

    @Test
    void aJobFarSlowerThanItsTypeUsuallyIsSlowerThanUsual() throws Exception {
        List<String> usual = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            usual.add(submit(other, "{\"size\": \"3\", \"delayMs\": \"20\"}"));
        }
        await().atMost(PATIENCE).until(() -> usual.stream().allMatch(id -> status(other, id)
                .equals("SUCCEEDED")));

        String jobId = submit(other, "{\"size\": \"5\", \"delayMs\": \"2000\"}");

        JsonNode alert = await().atMost(PATIENCE).until(() -> firstAlert(other, jobId, Alert.SLOWER_THAN_USUAL),
                a -> a != null);
        assertThat(alert.path("message").asText()).startsWith("projected to take ")
                .endsWith("that 90 % of 3 jobs of this type took");
    }

    @Test
    void anotherTenantSeesAndConfiguresNoneOfATenantsAlertsOrWebhooks() throws Exception {
        JsonNode webhook = owner.call("POST", "/api/v1/webhooks",
                "{\"url\": \"http://127.0.0.1:9/nobody-listens\", \"minSeverity\": \"CRITICAL\"}", 201);
        String jobId = submit(owner, "{\"size\": \"3\", \"delayMs\": \"10\", \"failAt\": \"1\", "
                + "\"failAttempts\": \"3\"}");
        JsonNode alert = await().atMost(PATIENCE).until(() -> firstAlert(owner, jobId,
                Alert.RETRIES_EXHAUSTED), a -> a != null);

        assertThat(other.call("GET", "/api/v1/alerts?jobId=" + jobId, null, 200).path("items")).isEmpty();
        other.call("GET", "/api/v1/alerts/" + alert.path("alertId").asText(), null, 404);
        other.call("GET", "/api/v1/jobs/" + jobId + "/alerts", null, 404);
        assertThat(other.call("GET", "/api/v1/webhooks", null, 200).findValuesAsText("webhookId"))
                .doesNotContain(webhook.path("webhookId").asText());
        other.call("DELETE", "/api/v1/webhooks/" + webhook.path("webhookId").asText(), null, 404);
        other.call("POST", "/api/v1/webhooks/" + webhook.path("webhookId").asText() + "/test", null, 404);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String submit(Api api, String parameters) throws Exception {
        return api.call("POST", "/api/v1/jobs", "{\"type\": \"demo\", \"parameters\": " + parameters + "}", 202)
                .path("jobId").asText();
    }

    private static String status(Api api, String jobId) {
        try {
            return api.call("GET", "/api/v1/jobs/" + jobId, null, 200).path("state").path("status").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode firstAlert(Api api, String jobId, String kind) throws Exception {
        for (JsonNode alert : api.call("GET", "/api/v1/jobs/" + jobId + "/alerts", null, 200).path("items")) {
            if (alert.path("kind").asText().equals(kind)) {
                return alert;
            }
        }
        return null;
    }

    private static List<String> mails(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> addressedTo(m, address))
                .map(GreenMailUtil::getWholeMessage).toList();
    }

    private static boolean addressedTo(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A webhook delivery as the receiver got it. */
    record Received(String id, long timestamp, String signature, String body, Alert alert) {

        /** Whether the signature is the Standard Webhooks one for this secret, recomputed here independently. */
        boolean signedWith(String secret) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                    "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                    (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            return Arrays.asList(signature.split(" ")).contains(expected);
        }
    }

    /** A local HTTP endpoint that answers 500 to its first {@code failures} requests, then takes every delivery. */
    static final class Receiver {

        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final AtomicInteger failures;
        private final AtomicInteger failed = new AtomicInteger();

        private Receiver(int failFirst) throws IOException {
            this.failures = new AtomicInteger(failFirst);
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (failures.getAndDecrement() > 0) {
                    failed.incrementAndGet();
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                    return;
                }
                String text = new String(body, StandardCharsets.UTF_8);
                var headers = exchange.getRequestHeaders();
                received.add(new Received(headers.getFirst("webhook-id"),
                        Long.parseLong(headers.getFirst("webhook-timestamp")), headers.getFirst("webhook-signature"),
                        text, WireType.ALERTS.codec().decode(body)));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        static Receiver start(int failFirst) throws IOException {
            return new Receiver(failFirst);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        Received delivered(String jobId, AlertState state) {
            return received.stream().filter(r -> jobId.equals(r.alert().jobId()) && r.alert().state() == state)
                    .findFirst().orElse(null);
        }

        int failedOnPurpose() {
            return failed.get();
        }

        void stop() {
            server.stop(0);
        }
    }
}
