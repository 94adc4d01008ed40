package io.headway.gateway.delivery;

import io.headway.gateway.domain.WebhookDefinition;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com): {@code v1,} and the base64 HMAC-SHA256, keyed
 * with the secret's bytes, of {@code id.timestamp.body}. Receivers check it with any Standard Webhooks library, or
 * with a few lines of their own (docs/alerts.md), and reject old timestamps, so a captured request cannot be replayed.
 *
 * <p>Done with the JDK's {@link Mac} rather than the standardwebhooks artifact: it is a dozen lines, and the gateway
 * then carries no dependency for it; the tests check these signatures with that library, as receivers would.
 */
public final class WebhookSignature {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;

    private WebhookSignature() {
    }

    /** A new secret: {@code whsec_} and the base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return WebhookDefinition.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header's value. */
    public static String sign(String secret, String messageId, long timestampSeconds, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring(WebhookDefinition.SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = mac.doFinal((messageId + "." + timestampSeconds + "." + body)
                    .getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
