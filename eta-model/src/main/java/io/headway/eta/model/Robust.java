package io.headway.eta.model;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** Robust statistics over small samples: medians, quantiles, the median absolute deviation and Theil–Sen slopes. */
final class Robust {

    /** MAD times this estimates the standard deviation of normal data. */
    static final double MAD_TO_SIGMA = 1.4826;

    private Robust() {
    }

    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** The {@code q} quantile (0 to 1) with linear interpolation between order statistics. */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        return percentile.evaluate(values, Math.min(100, Math.max(1e-9, q * 100)));
    }

    /** The spread as a standard deviation estimated from the median absolute deviation. */
    static double sigma(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double center = median(values);
        double[] deviations = Arrays.stream(values).map(v -> Math.abs(v - center)).toArray();
        return MAD_TO_SIGMA * median(deviations);
    }

    /** The Theil–Sen slope of y on x: the median of the pairwise slopes, robust to outliers. */
    static double theilSenSlope(double[] x, double[] y) {
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) {
                    slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        return k == 0 ? 0.0 : median(Arrays.copyOf(slopes, k));
    }
}
