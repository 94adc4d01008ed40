package io.headway.events.reporter;

/** Some of a job's events could not be written to Kafka. */
public class ReporterException extends RuntimeException {

    public ReporterException(String message, Throwable cause) {
        super(message, cause);
    }
}
