package io.headway.eta.baseline;

import io.headway.eta.model.Estimate;
import io.headway.eta.model.FinishedJob;
import io.headway.eta.model.JobTrack;
import io.headway.eta.model.TrackingModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * What a scheduler that only keeps history would say: a job takes as long as the median finished job of its type,
 * so the time left is that median less the active time so far (never below zero). It ignores the job's own progress
 * entirely, which makes it the baseline for "does watching the job help at all", and it has nothing to say about a
 * type it has not seen finish.
 *
 * <p>Keeps every learnt duration; a job learnt twice (from history and from its own events) counts once.
 */
public final class HistoryMedian extends TrackingModel {

    public static final String NAME = "history-median";

    private final Map<String, List<Double>> durationsByType = new HashMap<>();
    private final Set<String> learntJobs = new HashSet<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void learn(FinishedJob job) {
        if (job.jobType() == null || !learntJobs.add(job.jobId())) {
            return;
        }
        durationsByType.computeIfAbsent(job.jobType(), type -> new ArrayList<>()).add((double) job.durationMs());
    }

    @Override
    protected Optional<Estimate> estimate(JobTrack track, long nowMs) {
        String jobType = track.state().jobType();
        List<Double> durations = jobType == null ? null : durationsByType.get(jobType);
        if (durations == null || durations.isEmpty()) {
            return Optional.empty();
        }
        double median = new Median().evaluate(durations.stream().mapToDouble(Double::doubleValue).toArray());
        return Optional.of(Estimate.point(Math.max(0, median - track.activeMs(nowMs))));
    }
}
