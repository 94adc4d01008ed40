package io.headway.eta.baseline;

import io.headway.eta.model.Estimate;
import io.headway.eta.model.JobTrack;
import io.headway.eta.model.ProgressSeries;
import io.headway.eta.model.TrackingModel;
import java.util.Optional;

/**
 * The estimate almost every progress bar starts with: the job keeps the average pace it has kept so far, so the time
 * left is the active time so far scaled by the work left, {@code E·(1−p)/p}. It is the floor any other model must
 * beat; it never reacts faster than the whole job's average and knows nothing of other jobs.
 */
public final class LinearExtrapolation extends TrackingModel {

    public static final String NAME = "linear";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Optional<Estimate> estimate(JobTrack track, long nowMs) {
        ProgressSeries progress = track.progress();
        if (progress.isEmpty() || progress.lastFraction() <= 0) {
            return Optional.empty();
        }
        double p = progress.lastFraction();
        return Optional.of(Estimate.point(track.activeMs(nowMs) * (1 - p) / p));
    }
}
