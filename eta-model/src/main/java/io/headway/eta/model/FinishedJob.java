package io.headway.eta.model;

import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.events.state.StageState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model learns from a job that succeeded: how long it ran and how long each stage took, with the parameters
 * it ran with. Built from the job's own events ({@link JobTrack#finished()}) or from the history database.
 *
 * @param durationMs the active time of its one attempt, from start to success, pauses excluded
 * @param stages     the stages in plan order with their declared weights and measured durations
 */
public record FinishedJob(
        String jobId, String jobType, Map<String, String> parameters, Instant finishedAt, long durationMs,
        List<StageTime> stages) {

    public FinishedJob {
        parameters = Map.copyOf(parameters);
        stages = List.copyOf(stages);
    }

    /**
     * What there is to learn from a job's final state (its events folded, or its snapshot in history): present when
     * it succeeded in its first attempt, since a retried job's last attempt resumed part-way and its times would
     * mislead. A stage ends when it completed, else when the next one started, else when the job finished.
     *
     * @param activeMs how long it ran, pauses excluded where they are known
     */
    public static Optional<FinishedJob> of(JobState state, long activeMs) {
        return of(state, activeMs, Map.of());
    }

    /**
     * As {@link #of(JobState, long)}, with each stage's progress over time where it is known, so that how the time
     * of a stage spreads over its fraction is learnt too (see {@link StageTime#curve}).
     */
    public static Optional<FinishedJob> of(JobState state, long activeMs, Map<String, ProgressSeries> stageProgress) {
        if (state.status() != JobStatus.SUCCEEDED || state.attempt() > 1 || state.startedAt() == null
                || state.finishedAt() == null || state.jobType() == null) {
            return Optional.empty();
        }
        long end = state.finishedAt().toEpochMilli();
        List<StageState> plan = state.stages();
        List<StageTime> stages = new ArrayList<>(plan.size());
        long previousEnd = state.startedAt().toEpochMilli();
        for (int i = 0; i < plan.size(); i++) {
            StageState stage = plan.get(i);
            if (stage.startedAt() == null) {
                stages.add(new StageTime(stage.name(), stage.weight(), 0));
                continue;
            }
            long start = stage.startedAt().toEpochMilli();
            long stop = stage.completedAt() != null ? stage.completedAt().toEpochMilli() : nextStart(plan, i, end);
            stages.add(new StageTime(stage.name(), stage.weight(), Math.max(0, stop - start),
                    curve(stageProgress.get(stage.name()), start, stop), Math.max(0, start - previousEnd)));
            previousEnd = Math.max(previousEnd, stop);
        }
        return Optional.of(new FinishedJob(state.jobId(), state.jobType(), state.parameters(), state.finishedAt(),
                activeMs, stages));
    }

    /**
     * The time after its last stage ended, until it finished (a report written, a connection closed): what is left
     * of its active time once its stages and the gaps before them are taken out, never below 0.
     */
    public long tailMs() {
        long staged = 0;
        for (StageTime stage : stages) {
            staged += stage.durationMs() + stage.gapBeforeMs();
        }
        return Math.max(0, durationMs - staged);
    }

    /** The share of the stage's time spent by the time it reached each of {@link StageTime#CURVE_POINTS}. */
    private static double[] curve(ProgressSeries series, long start, long stop) {
        if (series == null || series.size() < 3 || stop <= start) {
            return null;
        }
        double[] curve = new double[StageTime.CURVE_POINTS.length];
        int i = 0;
        for (int k = 0; k < curve.length; k++) {
            double f = StageTime.CURVE_POINTS[k];
            while (i < series.size() - 1 && series.fractionAt(i + 1) < f) {
                i++;
            }
            if (i >= series.size() - 1) {
                return null; // it never reported reaching f
            }
            double f0 = series.fractionAt(i);
            double f1 = series.fractionAt(i + 1);
            double t = series.timeAt(i) + (f - f0) / (f1 - f0) * (series.timeAt(i + 1) - series.timeAt(i));
            curve[k] = Math.min(1, Math.max(k == 0 ? 0 : curve[k - 1], (t - start) / (stop - start)));
        }
        return curve;
    }

    private static long nextStart(List<StageState> plan, int index, long end) {
        for (int i = index + 1; i < plan.size(); i++) {
            if (plan.get(i).startedAt() != null) {
                return plan.get(i).startedAt().toEpochMilli();
            }
        }
        return end;
    }

    /**
     * How long one stage of a finished job took.
     *
     * @param curve       the share of the stage's time spent by the time it was 10, 20, ... 90 % done, or null when
     *                    its progress within the stage is not known; a stage whose first items are slow has a curve
     *                    above the diagonal
     * @param gapBeforeMs the time between the end of the stage before it (or the job's start) and its own start, in
     *                    which the job ran but no stage did
     */
    public record StageTime(String name, double weight, long durationMs, double[] curve, long gapBeforeMs) {

        /** The stage fractions a curve is sampled at. */
        static final double[] CURVE_POINTS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

        public StageTime(String name, double weight, long durationMs) {
            this(name, weight, durationMs, null, 0);
        }
    }
}
