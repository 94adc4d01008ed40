package io.headway.events.kafka;

import io.headway.events.JobSnapshot;
import org.apache.kafka.common.header.Headers;

/**
 * What a reader of {@code headway.job-state} may want to know of a snapshot before decoding it, in record headers
 * beside the CloudEvents ones: whose job it is, whether it reports from outside the executors and its sequence. A
 * gateway skips the snapshots of tenants none of its clients follow and those it already has (pushed to it over Redis
 * before the topic had them), an executor those of jobs it will never run, without parsing them.
 * A record without these headers (written by an older or foreign producer) is simply decoded.
 */
public final class JobStateHeaders {

    /** The tenant that owns the job. */
    public static final String TENANT = "headway_tenant";
    /** {@code true} when the job reports its own progress (an external job), {@code false} when an executor runs it. */
    public static final String EXTERNAL = "headway_external";
    /** The snapshot's {@code sequence}, in decimal: of two snapshots of one job, the higher is the newer. */
    public static final String SEQUENCE = "headway_sequence";

    private JobStateHeaders() {
    }

    /** Sets the headers of {@code snapshot}, replacing any already there. */
    public static void write(Headers headers, JobSnapshot snapshot) {
        CloudEventHeaders.set(headers, TENANT, snapshot.tenant());
        CloudEventHeaders.set(headers, EXTERNAL, Boolean.toString(snapshot.state().external()));
        CloudEventHeaders.set(headers, SEQUENCE, Long.toString(snapshot.sequence()));
    }

    /** The job's tenant, or null when the record does not say. */
    public static String tenant(Headers headers) {
        return CloudEventHeaders.get(headers, TENANT);
    }

    /** The snapshot's sequence, or null when the record does not say or says something that is no number. */
    public static Long sequence(Headers headers) {
        String sequence = CloudEventHeaders.get(headers, SEQUENCE);
        if (sequence == null) {
            return null;
        }
        try {
            return Long.parseLong(sequence);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the record says its job is external; false when it does not say. */
    public static boolean external(Headers headers) {
        return "true".equals(CloudEventHeaders.get(headers, EXTERNAL));
    }
}
