package io.headway.events.reporter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a {@link JobReporter} puts the bytes of the files its job makes: the platform's artifact store. Kafka never
 * carries them; the reporter publishes only what this says was stored. The {@code headway-artifacts} module's
 * {@code ReporterArtifacts} stores them as the executor and the gateway do, checked the same way.
 */
@FunctionalInterface
public interface ArtifactSink {

    /** What was stored: the contents of an {@code ArtifactSaved} event. */
    record Stored(String name, String mediaType, long sizeBytes, String sha256, String location, String thumbnail) {
    }

    /**
     * Checks and stores the file.
     *
     * @throws IOException              when the store cannot be written
     * @throws IllegalArgumentException when the file may not be an artifact, with the reason
     */
    Stored store(String jobId, Path file, String name, boolean preview) throws IOException;
}
