package io.headway.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signatures are what Standard Webhooks receivers expect: checked with the reference library. */
class WebhookSignatureTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void theReferenceLibraryAcceptsTheSignature() throws Exception {
        String body = "{\"alertId\":\"a\",\"kind\":\"STALLED\"}";
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(SECRET, "msg_1", now, body);

        new Webhook(SECRET).verify(body, headers("msg_1", now, signature));
        assertThat(signature).isEqualTo(new Webhook(SECRET).sign("msg_1", now, body));
    }

    @Test
    void aChangedBodyOrAnOldTimestampIsRejected() {
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(SECRET, "msg_1", now, "{}");
        assertThatThrownBy(() -> new Webhook(SECRET).verify("{ }", headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        long old = now - 3600;
        String oldSignature = WebhookSignature.sign(SECRET, "msg_1", old, "{}");
        assertThatThrownBy(() -> new Webhook(SECRET).verify("{}", headers("msg_1", old, oldSignature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void newSecretsAreStandardAndDifferent() throws Exception {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(WebhookSignature.newSecret());
        long now = Instant.now().getEpochSecond();
        new Webhook(secret).verify("{}", headers("id", now, WebhookSignature.sign(secret, "id", now, "{}")));
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
