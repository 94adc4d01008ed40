package io.headway.gateway.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before it is routed, a path with a control character in it: a NUL would otherwise reach PostgreSQL as part
 * of an id. Bodies over the size limit are refused earlier still, by {@link SizeLimits}.
 */
public class RequestLimits {

    @ServerRequestFilter(preMatching = true)
    public Response refuseControlCharacters(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Problem.of(Status.BAD_REQUEST, "the path has a control character (U+"
                        + String.format("%04X", (int) c) + ") in it; ids never do").toResponse();
            }
        }
        return null;
    }
}
