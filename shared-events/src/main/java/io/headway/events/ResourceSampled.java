package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One sample of the job's whole process tree.
 *
 * @param cpuPercent CPU use since the last sample, 100 = one core fully busy
 * @param rssBytes   resident memory
 * @param readBytes  bytes read from storage so far
 * @param writeBytes bytes written to storage so far
 */
public record ResourceSampled(
        UUID eventId, String jobId, Instant occurredAt, String source,
        double cpuPercent, long rssBytes, long readBytes, long writeBytes) implements ProgressEvent {

    public ResourceSampled {
        Require.envelope(eventId, jobId, occurredAt, source);
        if (!(cpuPercent >= 0) || Double.isInfinite(cpuPercent)) {
            throw new IllegalArgumentException("cpuPercent must be a non-negative number, was " + cpuPercent);
        }
        Require.notNegative(rssBytes, "rssBytes");
        Require.notNegative(readBytes, "readBytes");
        Require.notNegative(writeBytes, "writeBytes");
    }
}
