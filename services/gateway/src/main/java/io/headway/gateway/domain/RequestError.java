package io.headway.gateway.domain;

import java.util.List;

/**
 * A request the gateway will not carry out, in the words of the domain: the services throw these and know nothing
 * of HTTP; {@code api.ProblemMappers} alone turns each kind into its {@code application/problem+json} response. The
 * detail is shown to the caller as it is, so it says what to fix and never holds a secret.
 */
public abstract sealed class RequestError extends RuntimeException {

    private RequestError(String detail) {
        super(detail, null, false, false);
    }

    public String detail() {
        return getMessage();
    }

    /** A value of the wrong form: a malformed parameter, header or body (400). */
    public static final class BadInput extends RequestError {
        private BadInput(String detail) {
            super(detail);
        }
    }

    /** Well-formed, but asks for something that cannot be done as asked; {@code errors} name each field (422). */
    public static final class Unacceptable extends RequestError {
        private final List<String> errors;

        private Unacceptable(String detail, List<String> errors) {
            super(detail);
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    /** Nothing by that name, or nothing this tenant may see: the two look the same from outside (404). */
    public static final class NotFound extends RequestError {
        private NotFound(String detail) {
            super(detail);
        }
    }

    /** The request contradicts the state things are in, such as controlling a job that has ended (409). */
    public static final class Conflict extends RequestError {
        private Conflict(String detail) {
            super(detail);
        }
    }

    /** Over a limit of the caller's; {@code retryAfterSeconds}, when known, says when to try again (429). */
    public static final class TooMany extends RequestError {
        private final Long retryAfterSeconds;

        private TooMany(String detail, Long retryAfterSeconds) {
            super(detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public Long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** Something the gateway depends on failed; the caller may try again (503). */
    public static final class Unavailable extends RequestError {
        private Unavailable(String detail) {
            super(detail);
        }
    }

    public static BadInput badInput(String detail) {
        return new BadInput(detail);
    }

    public static Unacceptable unacceptable(String detail, List<String> errors) {
        return new Unacceptable(detail, errors);
    }

    public static NotFound notFound(String detail) {
        return new NotFound(detail);
    }

    /** The job does not exist, or belongs to another tenant. */
    public static NotFound noSuchJob(String jobId) {
        return new NotFound("no job '" + jobId + "'");
    }

    public static Conflict conflict(String detail) {
        return new Conflict(detail);
    }

    public static TooMany tooMany(String detail, Long retryAfterSeconds) {
        return new TooMany(detail, retryAfterSeconds);
    }

    public static Unavailable unavailable(String detail) {
        return new Unavailable(detail);
    }
}
