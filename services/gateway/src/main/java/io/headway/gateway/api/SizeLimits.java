package io.headway.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.gateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;

/**
 * Refuses a request body over {@code max-request-bytes} by its {@code Content-Length}, on the router, before anything
 * reads it. Left to the HTTP layer's own limit it would be a bare 413 with an ERROR in the log for every such request;
 * here it is a problem that says the limit.
 */
@ApplicationScoped
public class BodyLimit {

    private static final ObjectMapper JSON = new ObjectMapper();

    void install(@Observes Router router, GatewayConfig config) {
        int maxBytes = config.limits().maxRequestBytes();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            Problem refused = null;
            if (length != null && !length.isBlank()) {
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
