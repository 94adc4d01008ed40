package io.headway.eta.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes the range honest. Every scored estimate leaves a standardised residual z = ln(actual / estimate) / σ, where σ
 * is the spread the model claimed; the range is then drawn from the empirical 10th and 90th percentiles of the recent
 * residuals of the job's type (split conformal prediction), so an 80 % range holds the truth about 80 % of the time
 * whether the model's σ is too narrow or too wide, and lopsided where errors are (a job is more often much later
 * than expected than much earlier). The point estimate is left alone: shifting it by the median residual, pooled over
 * all checkpoints, made the evaluator's errors worse. Until a type has {@link #MIN_SCORES} residuals of its own, the residuals of all types pooled
 * stand in for its range once there are {@link #MIN_POOLED} of them (other types' bias is not theirs to correct);
 * before that, the normal distribution's quantiles.
 */
final class Calibration {

    static final int MIN_SCORES = 20;
    static final int MIN_POOLED = 100;
    static final int KEEP_PER_TYPE = 300;
    static final int KEEP_POOLED = 1000;
    /** The normal distribution's 10th and 90th percentiles. */
    static final double Z80 = 1.2816;

    private final Map<String, Deque<Double>> byType = new HashMap<>();
    private final Deque<Double> pooled = new ArrayDeque<>();

    void add(String jobType, double z) {
        if (!Double.isFinite(z)) {
            return;
        }
        push(byType.computeIfAbsent(jobType, k -> new ArrayDeque<>()), z, KEEP_PER_TYPE);
        push(pooled, z, KEEP_POOLED);
    }

    /** The 10th and 90th percentiles of z for the type. */
    double[] quantiles(String jobType) {
        Deque<Double> own = byType.get(jobType);
        if (own != null && own.size() >= MIN_SCORES) {
            double[] z = own.stream().mapToDouble(Double::doubleValue).toArray();
            return new double[] {Robust.quantile(z, 0.10), Robust.quantile(z, 0.90)};
        }
        if (pooled.size() >= MIN_POOLED) {
            double[] z = pooled.stream().mapToDouble(Double::doubleValue).toArray();
            double center = Robust.quantile(z, 0.5);
            // Only the spread carries over, not other types' bias.
            return new double[] {Robust.quantile(z, 0.10) - center, Robust.quantile(z, 0.90) - center};
        }
        return new double[] {-Z80, Z80};
    }

    private static void push(Deque<Double> values, double z, int keep) {
        values.addLast(z);
        if (values.size() > keep) {
            values.removeFirst();
        }
    }
}
