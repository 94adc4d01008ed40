package io.headway.gateway.domain;

import io.headway.events.AlertSeverity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A webhook as a tenant asks for it.
 *
 * @param url         an absolute http or https URL the alerts are POSTed to
 * @param minSeverity the least severe alerts it gets; INFO (the default) for all
 * @param secret      the signing secret, {@code whsec_} and the base64 of 24 to 64 bytes (Standard Webhooks); the
 *                    gateway makes one when absent
 */
@Schema(description = "A webhook: where alerts are POSTed, signed (Standard Webhooks)")
public record WebhookDefinition(
        @Schema(required = true, examples = "https://example.com/headway-alerts") String url, String minSeverity,
        @Schema(description = "whsec_<base64 of 24 to 64 bytes>; made for you when absent") String secret) {

    public static final String SECRET_PREFIX = "whsec_";
    public static final int MIN_SECRET_BYTES = 24;
    public static final int MAX_SECRET_BYTES = 64;
    private static final int MAX_URL = 2048;

    /** The webhook with its defaults filled in, or a 422 naming every field that is wrong. */
    public Channel checked() {
        List<String> problems = new ArrayList<>();
        if (!isWebUrl(url)) {
            problems.add("url must be an absolute http or https URL of at most " + MAX_URL + " characters");
        }
        AlertSeverity level = Severities.parse(minSeverity, "minSeverity", AlertSeverity.INFO, problems);
        if (secret != null && !isSecret(secret)) {
            problems.add("secret must be " + SECRET_PREFIX + " followed by the base64 of " + MIN_SECRET_BYTES
                    + " to " + MAX_SECRET_BYTES + " bytes");
        }
        if (!problems.isEmpty()) {
            throw RequestError.unacceptable("the webhook is not acceptable", problems);
        }
        return new Channel(Channel.Kind.WEBHOOK, url, level);
    }

    private static boolean isWebUrl(String text) {
        if (text == null || text.length() > MAX_URL) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isSecret(String text) {
        if (!text.startsWith(SECRET_PREFIX)) {
            return false;
        }
        try {
            int bytes = Base64.getDecoder().decode(text.substring(SECRET_PREFIX.length())).length;
            return bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
