package io.headway.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An error as RFC 9457 {@code application/problem+json}: what went wrong in general ({@code title}), in this request
 * ({@code detail}), and every individual problem found ({@code errors}) so a client can fix them all at once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** 422: the request is well-formed but asks for something that cannot be done as asked. */
    public static final Response.StatusType UNPROCESSABLE = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return 422;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Content";
        }
    };

    public static Problem of(Response.StatusType status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, List.of());
    }

    public static Problem of(Response.StatusType status, String detail, List<String> errors) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
