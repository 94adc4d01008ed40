package io.headway.gateway.service;

import io.headway.events.JobSnapshot;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.WireType;
import io.headway.gateway.api.ProblemException;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.store.HistoryStore;
import io.headway.gateway.store.LiveStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds a job for a caller: its live snapshot in Redis, or its last one in the history once Redis has let it go. A job
 * of another tenant is reported exactly like a job that does not exist, so no path reveals what others run.
 */
@ApplicationScoped
public class JobAccess {

    private final LiveStore live;
    private final HistoryStore history;
    private final Codec<JobSnapshot> snapshots = WireType.JOB_STATE.codec();

    public JobAccess(LiveStore live, HistoryStore history) {
        this.live = live;
        this.history = history;
    }

    /** A job the caller may see, as JSON and decoded. */
    public record VisibleJob(String json, JobSnapshot snapshot) {
    }

    /** The caller's job, or a 404 problem. */
    public Uni<VisibleJob> require(Caller caller, String jobId) {
        return find(jobId).map(found -> found.filter(job -> caller.tenant().equals(job.snapshot().tenant()))
                .orElseThrow(() -> ProblemException.noSuchJob(jobId)));
    }

    private Uni<Optional<VisibleJob>> find(String jobId) {
        return live.snapshot(jobId).chain(cached -> cached.isPresent()
                ? Uni.createFrom().item(cached.map(this::decode))
                : history.job(jobId).map(stored -> stored.map(job -> decode(job.snapshot()))));
    }

    private VisibleJob decode(String json) {
        return new VisibleJob(json, snapshots.decode(json.getBytes(StandardCharsets.UTF_8)));
    }
}
