package io.headway.gateway.api;

import io.headway.gateway.config.GatewayConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses a request body over {@code max-request-bytes} before it is read, with a problem saying the limit. */
public class RequestLimits {

    private final int maxBytes;

    public RequestLimits(GatewayConfig config) {
        this.maxBytes = config.limits().maxRequestBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public Response limitBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !length.isBlank()) {
            try {
                long bytes = Long.parseLong(length.strip());
                if (bytes > maxBytes) {
                    return Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, "a request body may be at most " + maxBytes
                            + " bytes; this one has " + bytes).toResponse();
                }
            } catch (NumberFormatException e) {
                return Problem.of(Status.BAD_REQUEST, "Content-Length is not a number").toResponse();
            }
        }
        return null;
    }
}
