package io.headway.executor.run;

import io.headway.artifacts.ArtifactIntake;
import io.headway.artifacts.ArtifactRefused;
import io.headway.artifacts.JobArtifacts;
import io.headway.artifacts.StoredArtifact;
import io.headway.executor.output.OutputSignal.ArtifactOffered;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Keeps the files one job names with {@code ::artifact} and {@code ::preview}: one per job, shared by its attempts
 * on this executor, so the job's limits count what every attempt stored. (A job that fails over to another executor
 * starts counting again there; the snapshot's list stays complete either way.)
 */
public final class ArtifactKeeper {

    private final ArtifactIntake intake;
    private final String jobId;
    private JobArtifacts kept = JobArtifacts.NONE;

    public ArtifactKeeper(ArtifactIntake intake, String jobId) {
        this.intake = intake;
        this.jobId = jobId;
    }

    /** Checks and stores the file; refused with the reason the job's log will show. */
    synchronized StoredArtifact keep(Path workingDirectory, ArtifactOffered offer) throws ArtifactRefused,
            IOException {
        StoredArtifact stored = intake.fromWorkingDirectory(jobId, workingDirectory, offer.path(), offer.name(),
                offer.mediaType(), offer.preview(), kept);
        kept = kept.with(stored);
        return stored;
    }

    /** Deletes what the artifact replaced under its name, once its event is out. */
    void release(StoredArtifact stored) throws IOException {
        intake.release(stored);
    }
}
