package io.headway.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.headway.gateway.domain.RequestError;
import io.headway.templates.InvalidSubmissionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure of the REST API becomes {@code application/problem+json} with a detail that says what to fix. Only a
 * failure of the gateway itself is a 5xx, and its detail never leaks internals (they go to the log).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The one place where the services' {@link RequestError}s become HTTP. */
    @ServerExceptionMapper
    public Response refused(RequestError e) {
        Problem problem = switch (e) {
            case RequestError.BadInput bad -> Problem.of(Status.BAD_REQUEST, bad.detail());
            case RequestError.Unacceptable unacceptable ->
                    Problem.of(Problem.UNPROCESSABLE, unacceptable.detail(), unacceptable.errors());
            case RequestError.NotFound missing -> Problem.of(Status.NOT_FOUND, missing.detail());
            case RequestError.Conflict conflict -> Problem.of(Status.CONFLICT, conflict.detail());
            case RequestError.TooMany tooMany -> Problem.of(Status.TOO_MANY_REQUESTS, tooMany.detail());
            case RequestError.Unavailable unavailable -> Problem.of(Status.SERVICE_UNAVAILABLE, unavailable.detail());
        };
        Response response = problem.toResponse();
        if (e instanceof RequestError.TooMany tooMany && tooMany.retryAfterSeconds() != null) {
            return Response.fromResponse(response).header("Retry-After", tooMany.retryAfterSeconds()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response invalidSubmission(InvalidSubmissionException e) {
        return Problem.of(Problem.UNPROCESSABLE, "the submission is not acceptable", e.problems()).toResponse();
    }

    @ServerExceptionMapper({UnrecognizedPropertyException.class})
    public Response unknownField(UnrecognizedPropertyException e) {
        return Problem.of(Status.BAD_REQUEST, "unknown field '" + e.getPropertyName() + "' at " + path(e)
                + "; known fields: " + e.getKnownPropertyIds()).toResponse();
    }

    @ServerExceptionMapper({MismatchedInputException.class})
    public Response mismatchedInput(MismatchedInputException e) {
        return Problem.of(Status.BAD_REQUEST, "invalid value at " + path(e) + ": " + e.getOriginalMessage())
                .toResponse();
    }

    @ServerExceptionMapper({JsonProcessingException.class})
    public Response malformedJson(JsonProcessingException e) {
        if (e.getCause() instanceof IllegalArgumentException invalid && e instanceof JsonMappingException mapping) {
            return Problem.of(Status.BAD_REQUEST, "invalid value at " + path(mapping) + ": " + invalid.getMessage())
                    .toResponse();
        }
        return Problem.of(Status.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(Problem.of(Status.UNAUTHORIZED,
                e instanceof AuthenticationFailedException ? "the API key is not valid"
                        : "an API key is required: send 'Authorization: Bearer <key>'").toResponse())
                .header("WWW-Authenticate", "Bearer realm=\"headway\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Status.FORBIDDEN, "this API key does not have the role this operation needs")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown);
        }
        if (e.getCause() instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        if (e instanceof NotFoundException && e.getCause() instanceof IllegalArgumentException unconvertible) {
            // JAX-RS answers a query or path parameter that does not convert (limit=abc) with 404; it is the
            // caller's mistake, and the caller should be told which value.
            return Problem.of(Status.BAD_REQUEST, "a parameter of the request is not valid: "
                    + notConvertible(unconvertible)).toResponse();
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? status.getReasonPhrase()
                : e.getMessage();
        return Problem.of(status, detail).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Request failed unexpectedly", e);
        return Problem.of(Status.INTERNAL_SERVER_ERROR, "the gateway could not complete the request; it is logged")
                .toResponse();
    }

    private static String notConvertible(IllegalArgumentException e) {
        if (e instanceof NumberFormatException && e.getMessage() != null
                && e.getMessage().startsWith("For input string: ")) {
            return e.getMessage().substring("For input string: ".length()) + " is not a whole number";
        }
        return e.getMessage() == null ? "its value has the wrong form" : e.getMessage();
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "the top level" : "'" + path.replace(".[", "[") + "'";
    }
}
