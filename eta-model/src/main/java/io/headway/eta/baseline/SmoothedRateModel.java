package io.headway.eta.baseline;

import io.headway.eta.model.Estimate;
import io.headway.eta.model.JobTrack;
import io.headway.eta.model.ProgressSeries;
import io.headway.eta.model.TrackingModel;
import io.headway.events.ProgressEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shape every rate-smoothing baseline shares: one {@link RateSmoother} per running attempt, fed each point the
 * job's overall progress gains, and an estimate of {@code (1 − p) / rate}. A new attempt starts a fresh smoother, as
 * its progress starts afresh; a job that ended, or that the caller forgot, is dropped.
 */
abstract class SmoothedRateModel extends TrackingModel {

    private final Map<String, Follower> followers = new HashMap<>();

    /** A fresh smoother for an attempt that started at {@code attemptStartMs}. */
    protected abstract RateSmoother smoother(long attemptStartMs);

    @Override
    protected final void observed(JobTrack track, ProgressEvent event) {
        ProgressSeries progress = track.progress();
        if (!track.running() || progress.isEmpty()) {
            return;
        }
        Follower follower = followers.get(track.jobId());
        if (follower == null || follower.attemptStartMs != track.attemptStartMs()) {
            follower = new Follower(track.attemptStartMs(), smoother(track.attemptStartMs()));
            followers.put(track.jobId(), follower);
        }
        follower.feed(progress.lastTime(), progress.lastFraction());
    }

    @Override
    protected final Optional<Estimate> estimate(JobTrack track, long nowMs) {
        Follower follower = followers.get(track.jobId());
        ProgressSeries progress = track.progress();
        if (follower == null || follower.attemptStartMs != track.attemptStartMs() || progress.isEmpty()) {
            return Optional.empty();
        }
        double rate = follower.smoother.fractionPerSecond(nowMs);
        if (!(rate > 0) || Double.isInfinite(rate)) {
            return Optional.empty();
        }
        return Optional.of(Estimate.point((1 - progress.lastFraction()) / rate * 1000));
    }

    @Override
    protected final void ended(JobTrack track) {
        followers.remove(track.jobId());
    }

    @Override
    protected final void forgotten(String jobId) {
        followers.remove(jobId);
    }

    /** A smoother and the last point it was given, so that each point reaches it once. */
    private static final class Follower {

        private final long attemptStartMs;
        private final RateSmoother smoother;
        private long fedTimeMs = Long.MIN_VALUE;
        private double fedFraction = -1;

        private Follower(long attemptStartMs, RateSmoother smoother) {
            this.attemptStartMs = attemptStartMs;
            this.smoother = smoother;
        }

        private void feed(long atMs, double fraction) {
            if (atMs == fedTimeMs && fraction == fedFraction) {
                return;
            }
            fedTimeMs = atMs;
            fedFraction = fraction;
            smoother.progressed(atMs, fraction);
        }
    }
}
