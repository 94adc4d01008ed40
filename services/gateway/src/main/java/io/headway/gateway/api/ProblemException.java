package io.headway.gateway.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Map;

/** Ends a request with a problem response; thrown anywhere a request turns out to be wrong. */
public class ProblemException extends RuntimeException {

    /** 422: the request is well-formed JSON but asks for something that cannot be done as asked. */
    public static final Response.StatusType UNPROCESSABLE = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return 422;
        }

        @Override
        public Status.Family getFamily() {
            return Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Content";
        }
    };

    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Response.StatusType status, String detail) {
        this(Problem.of(status, detail), Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Status.BAD_REQUEST, detail);
    }

    public static ProblemException unprocessable(String detail, List<String> errors) {
        return new ProblemException(Problem.of(UNPROCESSABLE, detail, errors), Map.of());
    }

    /** The job does not exist, or belongs to another tenant: the two look the same from outside. */
    public static ProblemException noSuchJob(String jobId) {
        return new ProblemException(Status.NOT_FOUND, "no job '" + jobId + "'");
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .entity(problem);
        headers.forEach(response::header);
        return response.build();
    }

    public Problem problem() {
        return problem;
    }
}
