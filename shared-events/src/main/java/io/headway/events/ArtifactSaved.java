package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The job saved a file for people to look at: a preview (an intermediate image, shown as the job's latest) or an
 * artifact (a report, a test result, a rejected-rows file). The bytes are in the platform's artifact store, never in
 * Kafka; this event says where and what they are. A later artifact of the same name replaces an earlier one.
 *
 * @param name       what the job calls it; unique within the job
 * @param mediaType  the content type the platform found in the bytes (not what the job claimed)
 * @param sizeBytes  its length
 * @param sha256     the SHA-256 of its bytes, in lower-case hex
 * @param location   its key in the artifact store
 * @param thumbnail  the key of a small PNG of it, for images; null otherwise
 * @param preview    whether it is a preview of the job's work in progress
 * @param stage      the stage running when it was saved, if any
 */
public record ArtifactSaved(
        UUID eventId, String jobId, Instant occurredAt, String source,
        String name, String mediaType, long sizeBytes, String sha256, String location, String thumbnail,
        boolean preview, String stage) implements ProgressEvent {

    public ArtifactSaved {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.name(name, "name");
        Require.name(mediaType, "mediaType");
        Require.notNegative(sizeBytes, "sizeBytes");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        Require.text(location, "location");
        Require.optionalText(thumbnail, "thumbnail");
        Require.optionalName(stage, "stage");
    }
}
