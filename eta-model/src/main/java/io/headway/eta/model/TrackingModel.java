package io.headway.eta.model;

import io.headway.events.EtaEstimated;
import io.headway.events.ProgressEvent;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bookkeeping every model shares: a {@link JobTrack} per job seen, learning from each job as it succeeds, and
 * forgetting it once it has ended. Subclasses say how to estimate from a track.
 *
 * <p>Not thread-safe: one instance is fed from one thread (a consumer, or the evaluator's replay).
 */
public abstract class TrackingModel implements EtaModel {

    private final Map<String, JobTrack> tracks = new HashMap<>();

    @Override
    public final void observe(ProgressEvent event) {
        if (event instanceof EtaEstimated) {
            return;
        }
        JobTrack track = tracks.computeIfAbsent(event.jobId(), JobTrack::new);
        track.apply(event);
        observed(track, event);
        if (track.state().status().isTerminal()) {
            tracks.remove(event.jobId());
            ended(track);
            track.finished().ifPresent(this::learn);
        }
    }

    @Override
    public final Optional<Estimate> estimate(String jobId, Instant now) {
        JobTrack track = tracks.get(jobId);
        if (track == null || !track.running()) {
            return Optional.empty();
        }
        return estimate(track, Math.max(now.toEpochMilli(), track.attemptStartMs()));
    }

    /** The estimate for a running job at {@code nowMs} (log time, never before the attempt started). */
    protected abstract Optional<Estimate> estimate(JobTrack track, long nowMs);

    /** Called after each event has been folded into its job's track. */
    protected void observed(JobTrack track, ProgressEvent event) {
    }

    /** Called once when a job ends, before it is learnt from. */
    protected void ended(JobTrack track) {
    }

    @Override
    public final void forget(String jobId) {
        if (tracks.remove(jobId) != null) {
            forgotten(jobId);
        }
    }

    /** Called when a job is forgotten without having ended. */
    protected void forgotten(String jobId) {
    }

    /** The jobs being tracked now. */
    public Set<String> trackedJobIds() {
        return Collections.unmodifiableSet(tracks.keySet());
    }

    /** How many jobs are being tracked now. */
    public int trackedJobs() {
        return tracks.size();
    }
}
