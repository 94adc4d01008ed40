package io.headway.gateway.service;

import io.headway.artifacts.ArtifactStore;
import io.headway.events.state.JobState;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.domain.RequestError;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A caller's view of a job's artifacts: the list its snapshot keeps, and their bytes from the artifact store. A job of
 * another tenant has no artifacts anyone else can see, exactly as it has no state ({@link JobAccess}).
 */
@ApplicationScoped
public class ArtifactDownloads {

    private final JobAccess jobs;
    private final ArtifactStore store;

    public ArtifactDownloads(JobAccess jobs, ArtifactStore store) {
        this.jobs = jobs;
        this.store = store;
    }

    public Uni<List<JobState.Artifact>> list(Caller caller, String jobId) {
        return jobs.require(caller, jobId).map(job -> job.snapshot().state().artifacts());
    }

    /** The artifact of that name, or a 404 problem. */
    public Uni<JobState.Artifact> find(Caller caller, String jobId, String name) {
        return list(caller, jobId).map(artifacts -> artifacts.stream().filter(a -> a.name().equals(name))
                .findFirst().orElseThrow(() -> RequestError.notFound("job '" + jobId + "' has no artifact '" + name
                        + "'")));
    }

    /** The stored object's size: what a range is checked against. */
    public Uni<Long> size(String key) {
        return blocking(() -> store.size(key).orElseThrow(() -> RequestError.unavailable(
                "the artifact's bytes are not in the store; they may have expired")));
    }

    /** The bytes of a range of a stored object, read off the event loop. */
    public Uni<InputStream> open(String key, long offset, long length) {
        return blocking(() -> store.open(key, offset, length));
    }

    private interface StoreCall<T> {
        T call() throws IOException;
    }

    private static <T> Uni<T> blocking(StoreCall<T> call) {
        return Uni.createFrom().item(() -> {
            try {
                return call.call();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(UncheckedIOException.class).transform(e -> RequestError.unavailable(
                        "the artifact store cannot be read now; retry"));
    }
}
