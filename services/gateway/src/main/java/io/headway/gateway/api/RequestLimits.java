package io.headway.gateway.api;

import io.headway.gateway.domain.SubmissionRules;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before it is routed, a path or query parameter with a control character in it: a NUL would otherwise reach
 * PostgreSQL as part of an id or a filter. Bodies over the size limit are refused earlier still, by {@link SizeLimits}.
 */
public class RequestLimits {

    @ServerRequestFilter(preMatching = true)
    public Response refuseControlCharacters(ContainerRequestContext request) {
        Response refused = refuseIn(request.getUriInfo().getPath(), "the path");
        for (var parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            for (String value : parameter.getValue()) {
                if (refused == null) {
                    refused = refuseIn(value, "query parameter '" + parameter.getKey() + "'");
                }
            }
        }
        return refused;
    }

    private static Response refuseIn(String text, String where) {
        int c = SubmissionRules.controlCharacterIn(text);
        return c < 0 ? null : Problem.of(Status.BAD_REQUEST, where + " has a control character (U+"
                + String.format("%04X", c) + ") in it; ids and filters never do").toResponse();
    }
}
