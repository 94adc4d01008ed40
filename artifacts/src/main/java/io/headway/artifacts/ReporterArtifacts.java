package io.headway.artifacts;

import io.headway.events.reporter.ArtifactSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The artifact store for a {@code JobReporter}: each file is checked and stored as an executor's or an upload's is,
 * and the job's limits count what it stored before. Give one to {@code JobReporter.builder(...).artifacts(...)}.
 *
 * <pre>{@code
 * var store = new FileSystemArtifactStore(Path.of("/var/lib/headway/artifacts")); // the services' store
 * var limits = new ArtifactLimits(50L << 20, 500L << 20, 100, 320);          // as the services' defaults
 * var reporter = JobReporter.builder(kafka, "acme", "nightly-import")
 *         .artifacts(new ReporterArtifacts(new ArtifactIntake(store, limits)))
 *         .start();
 * reporter.artifact("rejected-rows.csv", Path.of("out/rejected.csv"));
 * }</pre>
 */
public final class ReporterArtifacts implements ArtifactSink {

    private final ArtifactIntake intake;
    private final Map<String, JobArtifacts> byJob = new HashMap<>();

    public ReporterArtifacts(ArtifactIntake intake) {
        this.intake = intake;
    }

    @Override
    public synchronized Stored store(String jobId, Path file, String name, boolean preview) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        JobArtifacts kept = byJob.getOrDefault(jobId, JobArtifacts.NONE);
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            StoredArtifact stored = intake.fromUpload(jobId, in, name, file.getFileName().toString(), null, preview,
                    kept);
            byJob.put(jobId, kept.with(stored));
            intake.release(stored); // the reporter's event follows at once; a reader between the two retries
            return new Stored(stored.name(), stored.mediaType(), stored.sizeBytes(), stored.sha256(),
                    stored.location(), stored.thumbnail());
        } catch (ArtifactRefused refused) {
            throw new IllegalArgumentException(name + " may not be an artifact: " + refused.getMessage(), refused);
        }
    }
}
