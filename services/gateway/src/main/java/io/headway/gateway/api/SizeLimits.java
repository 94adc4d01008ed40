package io.headway.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.artifacts.ArtifactsConfig;
import io.headway.gateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;
import java.util.regex.Pattern;

/**
 * Refuses, on the router before anything reads it, a URI longer than {@value #MAX_URI} characters (414) and a request
 * body over {@code max-request-bytes} (an artifact upload: over {@code headway.artifacts.max-size} and its form) by
 * its {@code Content-Length} (413). Left to the HTTP layer's own limits they
 * would be a bare 413 with an ERROR in the log, or an empty 414; here each is a problem that says the limit.
 *
 * <p>The HTTP layer still answers an empty 414 for a request line beyond {@code quarkus.http.limits.
 * max-initial-line-length} (64 KB here): Vert.x rejects it while decoding, before any handler, and Quarkus offers no
 * hook for it (quarkusio/quarkus#55082).
 */
@ApplicationScoped
public class SizeLimits {

    /** The longest URI taken; browsers and proxies commonly stop near 8 KB too. */
    static final int MAX_URI = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An upload's form around its file: names, boundaries, part headers. */
    private static final long FORM_OVERHEAD = 64 * 1024;
    private static final Pattern ARTIFACT_UPLOAD = Pattern.compile("/api/v1/external-jobs/[^/]+/artifacts/?");

    void install(@Observes Router router, GatewayConfig config, ArtifactsConfig artifacts) {
        int requestBytes = config.limits().maxRequestBytes();
        long uploadBytes = artifacts.maxSize().asLongValue() + FORM_OVERHEAD;
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            int uri = context.request().uri().length();
            Problem refused = null;
            if (uri > MAX_URI) {
                refused = Problem.of(Status.REQUEST_URI_TOO_LONG, "a request URI may be at most " + MAX_URI
                        + " characters; this one has " + uri);
            } else if (length != null && !length.isBlank()) {
                long maxBytes = ARTIFACT_UPLOAD.matcher(context.request().path()).matches() ? uploadBytes
                        : requestBytes;
                try {
                    long bytes = Long.parseLong(length.strip());
                    if (bytes > maxBytes) {
                        refused = Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, "a request body may be at most "
                                + maxBytes + " bytes; this one has " + bytes);
                    }
                } catch (NumberFormatException e) {
                    refused = Problem.of(Status.BAD_REQUEST, "Content-Length is not a number");
                }
            }
            if (refused == null) {
                context.next();
                return;
            }
            try {
                // The client may still be sending the body; answer and close rather than read it.
                context.response().setStatusCode(refused.status()).putHeader(HttpHeaders.CONTENT_TYPE,
                        Problem.MEDIA_TYPE).putHeader("Connection", "close")
                        .end(JSON.writeValueAsString(refused));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a problem is always writable", e);
            }
        });
    }
}
