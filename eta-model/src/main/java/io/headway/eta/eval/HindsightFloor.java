package io.headway.eta.eval;

import io.headway.events.ProgressEvent;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.eta.model.CheckpointRecorder;
import io.headway.eta.model.Estimate;
import io.headway.eta.model.FinishedJob;
import io.headway.eta.model.JobTrack;
import io.headway.eta.model.TrackingModel;
import io.headway.eta.traces.GeneratedTruth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Not an estimator: the best any estimator could do on a synthetic trace, for {@code eta-eval --floor}. It knows
 * what the generator knew of each job (its machine's speed, its size, where it warms up or slows down: the expected
 * time of every item it has left) and only not how the remaining items' own noise will fall, nor whether a stall is
 * still to come. That is the fair line: everything a job's pace could tell an estimator, even one that had watched
 * it from the start with perfect judgement, is given; only what has not happened yet is not.
 *
 * <p>For each estimate it draws the time left {@link #SAMPLES} times from that knowledge and makes three points of
 * it ({@link Point}): the plain expectation; the point that minimises the expected absolute percentage error; and
 * the point that minimises the median absolute percentage error, the evaluator's own measure. Which is best depends
 * on the noise (for heavy-tailed items the expectation is far off most of the time), so the floor is taken per
 * checkpoint as the best of them on the suite: generous to the estimator. A second, independent set of draws is kept
 * per checkpoint so the report can say how the floor would vary had the remaining items fallen otherwise.
 * Deterministic: the draws are seeded by job id and progress.
 */
final class HindsightFloor extends TrackingModel {

    static final String NAME = "hindsight-floor";
    static final int SAMPLES = 1000;

    /** The points made of the draws, in the order {@link Point#ms} holds them. */
    static final List<String> VARIANTS = List.of("hindsight-expected", "hindsight-mean-ape", "hindsight-median-ape");

    private final GeneratedTruth truth;
    private final CheckpointRecorder<Point> checkpoints = new CheckpointRecorder<>();
    private final Map<String, Point> cache = new HashMap<>();
    private final List<Scored> scored = new ArrayList<>();

    HindsightFloor(GeneratedTruth truth) {
        this.truth = truth;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void learn(FinishedJob job) {
        // Nothing to learn: it knows every job already.
    }

    @Override
    protected void observed(JobTrack track, ProgressEvent event) {
        if (track.running()) {
            long at = event.occurredAt().toEpochMilli();
            checkpoints.progress(track.jobId(), track.state().progress(), at, () -> point(track.state()));
        }
    }

    @Override
    protected void ended(JobTrack track) {
        cache.remove(track.jobId());
        List<CheckpointRecorder.Reached<Point>> reached = checkpoints.finish(track.jobId());
        JobState state = track.state();
        if (state.status() != JobStatus.SUCCEEDED || state.attempt() != 1 || state.finishedAt() == null) {
            return;
        }
        long end = state.finishedAt().toEpochMilli();
        for (CheckpointRecorder.Reached<Point> checkpoint : reached) {
            if (checkpoint.estimate() != null) {
                scored.add(new Scored(checkpoint.level(), checkpoint.estimate(), Math.max(0, end - checkpoint.atMs())));
            }
        }
    }

    @Override
    protected Optional<Estimate> estimate(JobTrack track, long nowMs) {
        Point point = point(track.state());
        if (point == null) {
            return Optional.empty();
        }
        return Optional.of(Estimate.point(point.ms()[2]));
    }

    /** Every checkpoint scored: its point, the truth and the independent draws. */
    List<Scored> scored() {
        return scored;
    }

    private Point point(JobState state) {
        if (!truth.knows(state.jobId())) {
            return null;
        }
        String key = state.jobId() + "@" + state.eventCount();
        Point cached = cache.get(state.jobId());
        if (cached != null && cached.key().equals(key)) {
            return cached;
        }
        Random random = new Random(state.jobId().hashCode() * 31L + Double.hashCode(state.progress()));
        double[] draws = truth.sampleRemainingMs(state.jobId(), state, SAMPLES, random);
        double[] replay = truth.sampleRemainingMs(state.jobId(), state, SAMPLES, random);
        double[] ms = {truth.expectedRemainingMs(state.jobId(), state), meanApeOptimal(draws),
                medianApeOptimal(draws)};
        Point point = new Point(key, ms, replay);
        cache.put(state.jobId(), point);
        return point;
    }

    /**
     * The e minimising the mean of |T − e| / T over the draws T: the median of the draws weighted by 1 / T (the loss
     * is a weighted absolute error, whose minimiser is the weighted median).
     */
    static double meanApeOptimal(double[] draws) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        double total = 0;
        for (double t : sorted) {
            total += 1 / Math.max(1, t);
        }
        double running = 0;
        for (double t : sorted) {
            running += 1 / Math.max(1, t);
            if (running >= total / 2) {
                return t;
            }
        }
        return sorted[sorted.length - 1];
    }

    /**
     * The e minimising the median of |T − e| / T over the draws T. With x = 1 / T sorted, the draws within c of e
     * are those with x in [(1 − c) / e, (1 + c) / e]: the narrowest run of half the sorted x, relative to its
     * midpoint, gives the least c, and e = 2 / (x_a + x_b) for its ends.
     */
    static double medianApeOptimal(double[] draws) {
        double[] x = new double[draws.length];
        for (int i = 0; i < draws.length; i++) {
            x[i] = 1 / Math.max(1, draws[i]);
        }
        Arrays.sort(x);
        int half = (x.length + 1) / 2;
        double best = Double.POSITIVE_INFINITY;
        double point = 0;
        for (int a = 0; a + half - 1 < x.length; a++) {
            int b = a + half - 1;
            double c = (x[b] - x[a]) / (x[a] + x[b]);
            if (c < best) {
                best = c;
                point = 2 / (x[a] + x[b]);
            }
        }
        return point;
    }

    /**
     * The floor's points at a checkpoint, one per {@link #VARIANTS}, with independent draws of the time left.
     */
    record Point(String key, double[] ms, double[] draws) {
    }

    /** A scored checkpoint of the floor. */
    record Scored(double level, Point point, long actualMs) {

        double error(int variant) {
            return Math.abs(actualMs - Math.round(point.ms()[variant])) / (double) Math.max(1, actualMs);
        }

        /** The error had the remaining items fallen as in draw {@code i}. */
        double errorIn(int variant, int i) {
            return Math.abs(point.draws()[i] - point.ms()[variant]) / Math.max(1, point.draws()[i]);
        }
    }
}
