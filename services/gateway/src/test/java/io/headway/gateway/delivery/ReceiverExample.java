package io.headway.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

// tag::verify[]
/**
 * How a receiver checks a Headway webhook with nothing but the JDK (docs/alerts.md shows this class): the signature
 * over {@code id.timestamp.body} with the secret's bytes, and a timestamp close to now, so a captured request cannot
 * be replayed later. Any Standard Webhooks library does the same.
 */
public final class ReceiverExample {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private ReceiverExample() {
    }

    /** Whether the request came from Headway: the values of its webhook-* headers and its body, as received. */
    public static boolean isGenuine(String secret, String webhookId, String webhookTimestamp,
            String webhookSignature, String body) throws GeneralSecurityException {
        long timestamp = Long.parseLong(webhookTimestamp);
        if (Duration.between(Instant.ofEpochSecond(timestamp), Instant.now()).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String signature : webhookSignature.split(" ")) {   // several, while a secret is being rotated
            if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }
}
// end::verify[]
