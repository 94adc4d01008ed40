package io.headway.eta.model;

import java.util.Arrays;

/**
 * What a job's own progress says about its speed, relative to what was expected: ln k, where k = 2 means it takes
 * twice the expected time for the same work. Measured two ways, each with its variance:
 * <ul>
 *   <li><b>whole</b>: over the attempt so far (elapsed / expected time of the work done): steady, but slow to notice
 *   a change of pace;</li>
 *   <li><b>recent</b>: over the last {@link #RECENT_SHARE} of the elapsed time, in log time, with progress taken as
 *   steady between reports; a window with no progress in it (a stall) counts as if the next report had just come,
 *   so the estimate grows while the job is silent.</li>
 * </ul>
 * How much to believe the recent speed over the whole is {@link #recentWeight}: by inverse variance, where the
 * whole-life speed's variance also counts how far it is from the recent one, so when the pace has changed the recent
 * speed takes over, and when it has not the whole is kept for its lower noise. The noise itself, v (variance of ln k
 * per unit of progress), is measured from how much the speed varies between successive reports, robustly (a median,
 * so one stall does not make a steady job look noisy), and shrunk toward {@link #DEFAULT_NOISE} while there are few
 * reports.
 *
 * @param whole          ln k over the whole attempt
 * @param wholeVariance  its variance
 * @param recent         ln k over the recent window
 * @param recentVariance its variance
 * @param recentWeight   how far the future pace follows the recent one rather than the whole, 0 to 1
 * @param noise          v, as measured
 */
record LiveSpeed(
        double whole, double wholeVariance, double recent, double recentVariance, double recentWeight, double noise) {

    /** The share of a job's elapsed time its recent speed is measured over. */
    static final double RECENT_SHARE = 0.2;
    /** v before a job has shown its own, and its weight in reports. */
    static final double DEFAULT_NOISE = 0.01;
    static final double DEFAULT_NOISE_WEIGHT = 3;
    static final double MIN_NOISE = 1e-4;
    static final double MAX_NOISE = 0.5;
    /** The median of a χ² variable with one degree of freedom: a median of squares over it estimates a variance. */
    private static final double CHI2_MEDIAN = 0.4549;

    /**
     * @param progress      expected-time progress over the job's active time (log time less pauses)
     * @param startMs       when the attempt started, on the same clock
     * @param nowMs         now, on the same clock
     * @param elapsedMs     active time so far
     * @param expectedTotal what history (or, without it, the job's own average pace) expects it to take
     */
    static LiveSpeed of(
            ProgressSeries progress, Steps steps, long startMs, long nowMs, double elapsedMs, double expectedTotal) {
        double g = progress.lastFraction();
        double noise = clamp((steps.count * steps.noise + DEFAULT_NOISE_WEIGHT * DEFAULT_NOISE)
                / (steps.count + DEFAULT_NOISE_WEIGHT));
        double whole = Math.log(Math.max(1, elapsedMs) / (expectedTotal * g));
        double wholeVariance = noise / g;

        double window = Math.max(1, RECENT_SHARE * elapsedMs);
        long from = nowMs - Math.round(window);
        double step = steps.typicalStep > 0 ? steps.typicalStep : g;
        double gained = g - (from <= startMs ? 0 : progress.fractionAtTime(from));
        double recent;
        Window closed = Window.of(progress, from, steps.center);
        if (gained <= 0) {
            recent = Math.max(whole, Math.log(Math.max(1, nowMs - progress.lastTime()) / (expectedTotal * step)));
            gained = step;
        } else if (closed != null) {
            // Whole steps inside the window, less one outlier (a stall that is over), plus the silence since the
            // last report: a stall that is still going on counts in full.
            double silence = Math.max(0, nowMs - progress.lastTime());
            recent = Math.log((closed.timeMs + silence) / (expectedTotal * closed.progress));
            gained = closed.progress;
        } else {
            recent = Math.log(window / (expectedTotal * gained));
        }
        double recentVariance = noise / Math.max(gained, step);

        // Only the part of the difference that noise cannot explain says the pace has changed.
        double shift = Math.max(0, (whole - recent) * (whole - recent) - wholeVariance - recentVariance);
        double recentWeight = (wholeVariance + shift) / (wholeVariance + shift + recentVariance);
        return new LiveSpeed(whole, wholeVariance, recent, recentVariance, recentWeight, noise);
    }

    private static double clamp(double noise) {
        return Math.min(MAX_NOISE, Math.max(MIN_NOISE, noise));
    }

    /**
     * The whole steps between reports that lie inside the recent window, less the slowest one when it is an outlier
     * (more than {@link #OUTLIER} times slower than the job's typical step): a stall that is over says little about
     * the pace to come. Null when the window holds too few steps to judge.
     */
    private record Window(double timeMs, double progress) {

        static final double OUTLIER = Math.log(4);
        static final int MIN_STEPS = 4;

        /** @param center the job's typical ln(time per unit of progress), as {@link Steps} measured it */
        static Window of(ProgressSeries series, long from, double center) {
            double time = 0;
            double gained = 0;
            int count = 0;
            double slowest = Double.NEGATIVE_INFINITY;
            double slowestTime = 0;
            double slowestGain = 0;
            for (int i = series.size() - 2; i >= 0 && series.timeAt(i) >= from; i--) {
                double dg = series.fractionAt(i + 1) - series.fractionAt(i);
                long dt = series.timeAt(i + 1) - series.timeAt(i);
                time += dt;
                gained += dg;
                count++;
                if (dg > 0 && dt > 0) {
                    double speed = Math.log(dt / dg);
                    if (speed > slowest) {
                        slowest = speed;
                        slowestTime = dt;
                        slowestGain = dg;
                    }
                }
            }
            if (count < MIN_STEPS || gained <= 0) {
                return null;
            }
            if (slowest - center > OUTLIER && gained - slowestGain > 0) {
                return new Window(time - slowestTime, gained - slowestGain);
            }
            return new Window(time, gained);
        }
    }

    /**
     * The steps between successive reports: how many, how big typically, how much their speeds vary, and the typical
     * ln(time per unit of progress). None of it depends on the expected total, so it is measured once per new report
     * ({@code HeadwayModel} keeps it), not once per estimate.
     */
    record Steps(int count, double typicalStep, double noise, double center) {

        static Steps of(ProgressSeries progress) {
            int n = progress.size() - 1;
            if (n < 2) {
                return new Steps(0, n == 1 ? progress.fractionAt(1) - progress.fractionAt(0) : 0, 0, 0);
            }
            double[] logSpeeds = new double[n];
            double[] sizes = new double[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                double dg = progress.fractionAt(i + 1) - progress.fractionAt(i);
                long dt = progress.timeAt(i + 1) - progress.timeAt(i);
                if (dg > 0 && dt > 0) {
                    logSpeeds[k] = Math.log(dt / dg);
                    sizes[k] = dg;
                    k++;
                }
            }
            if (k < 2) {
                return new Steps(0, k == 1 ? sizes[0] : 0, 0, k == 1 ? logSpeeds[0] : 0);
            }
            logSpeeds = Arrays.copyOf(logSpeeds, k);
            sizes = Arrays.copyOf(sizes, k);
            double center = Robust.median(logSpeeds);
            double[] scaled = new double[k];
            for (int i = 0; i < k; i++) {
                double d = logSpeeds[i] - center;
                scaled[i] = sizes[i] * d * d;
            }
            return new Steps(k, Robust.median(sizes), Robust.median(scaled) / CHI2_MEDIAN, center);
        }
    }
}
