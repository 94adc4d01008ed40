package io.headway.gateway.service;

import io.headway.events.JobSnapshot;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.WireType;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.domain.RequestError;
import io.headway.history.JobHistory;
import io.headway.gateway.store.LiveStore;
import io.headway.gateway.store.RecentSnapshots;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a job for a caller: its live snapshot (the newer of Redis and job-state as this gateway last read it), or its
 * last one in the history once Redis has let it go. A job of another tenant is reported exactly like a job that does
 * not exist, so no path reveals what others run.
 */
@ApplicationScoped
public class JobAccess {

    private final LiveStore live;
    private final JobHistory history;
    private final RecentSnapshots recent;
    private final Codec<JobSnapshot> snapshots = WireType.JOB_STATE.codec();

    public JobAccess(LiveStore live, JobHistory history, RecentSnapshots recent) {
        this.live = live;
        this.history = history;
        this.recent = recent;
    }

    /** A job the caller may see, as JSON and decoded. */
    public record VisibleJob(String json, JobSnapshot snapshot) {
    }

    /** The caller's job, or a 404 problem. */
    public Uni<VisibleJob> require(Caller caller, String jobId) {
        return visible(caller.tenant(), List.of(jobId)).map(found -> Optional.ofNullable(found.get(jobId))
                .orElseThrow(() -> RequestError.noSuchJob(jobId)));
    }

    /**
     * The current snapshots of those of these jobs that belong to the tenant, by job id: the newer of Redis and what
     * this gateway read from job-state last ({@link RecentSnapshots}), else the history once Redis let the job go.
     */
    public Uni<Map<String, VisibleJob>> visible(String tenant, List<String> jobIds) {
        Map<String, String> pushed = recent.of(jobIds);
        return live.snapshots(jobIds).chain(cached -> {
            List<String> missing = jobIds.stream()
                    .filter(job -> !cached.containsKey(job) && !pushed.containsKey(job)).toList();
            Uni<Map<String, String>> stored = missing.isEmpty() ? Uni.createFrom().item(Map.of())
                    : history.snapshots(tenant, missing);
            return stored.map(old -> {
                Map<String, VisibleJob> owned = ownedBy(tenant, cached.values());
                ownedBy(tenant, pushed.values()).forEach((jobId, job) -> owned.merge(jobId, job,
                        (fromRedis, fromTopic) -> fromTopic.snapshot().sequence() > fromRedis.snapshot().sequence()
                                ? fromTopic : fromRedis));
                owned.putAll(ownedBy(tenant, old.values()));
                return owned;
            });
        });
    }

    /** Snapshots read elsewhere (a batch's, say), decoded, keeping only the tenant's. */
    public Map<String, VisibleJob> ownedBy(String tenant, Collection<String> snapshotTexts) {
        Map<String, VisibleJob> owned = new LinkedHashMap<>();
        for (String json : snapshotTexts) {
            VisibleJob job = new VisibleJob(json, snapshots.decode(json.getBytes(StandardCharsets.UTF_8)));
            if (tenant.equals(job.snapshot().tenant())) {
                owned.put(job.snapshot().jobId(), job);
            }
        }
        return owned;
    }
}
