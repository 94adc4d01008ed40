package io.headway.eta.baseline;

/**
 * The rate the Rust crate indicatif shows (0.17.x, {@code state::Estimator}), so Headway is measured against what
 * most Rust command-line tools print. indicatif weighs data by its age, so that data 15 seconds old keeps 10 % of its
 * weight ({@code W(age) = 0.1^(age/15 s)}), smooths twice (an average of the average, against spikes from large
 * updates), divides out the weight of the time before the bar started, and, asked between updates, treats the time
 * since the last one as an update of zero steps, so a stalled job's rate decays. The time left is
 * {@code (1 − p) / steps_per_second}.
 *
 * <p>A port of the crate's code with steps as fractions of the job: the bar starts when the attempt starts, and each
 * new point of the job's overall progress is one {@code record}. Where indicatif shows an ETA of zero for a rate of
 * zero, this model gives no estimate.
 */
public final class IndicatifEstimator extends SmoothedRateModel {

    public static final String NAME = "indicatif";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected RateSmoother smoother(long attemptStartMs) {
        return new Estimator(attemptStartMs);
    }

    /** indicatif's {@code Estimator}, line for line; times in log milliseconds, steps as fractions. */
    static final class Estimator implements RateSmoother {

        /** indicatif's {@code EXPONENTIAL_WEIGHTING_SECONDS}: data this old keeps 10 % of its weight. */
        static final double EXPONENTIAL_WEIGHTING_SECONDS = 15.0;

        private double smoothedStepsPerSec;
        private double doubleSmoothedStepsPerSec;
        private double prevSteps;
        private long prevTimeMs;
        private long startTimeMs;

        Estimator(long nowMs) {
            this.prevTimeMs = nowMs;
            this.startTimeMs = nowMs;
        }

        /** {@code Estimator::record}. */
        @Override
        public void progressed(long nowMs, double newSteps) {
            if (newSteps <= prevSteps || nowMs <= prevTimeMs) {
                // indicatif resets on a backwards seek; overall progress never goes back within an attempt
                if (newSteps < prevSteps) {
                    prevSteps = newSteps;
                    reset(nowMs);
                }
                return;
            }
            double deltaSteps = newSteps - prevSteps;
            double deltaT = seconds(nowMs - prevTimeMs);
            double newStepsPerSecond = deltaSteps / deltaT;

            double weight = estimatorWeight(deltaT);
            smoothedStepsPerSec = smoothedStepsPerSec * weight + newStepsPerSecond * (1.0 - weight);

            // normalised for the weight of the (non-existent) data before the start, as the source of the second EWA
            double deltaTStart = seconds(nowMs - startTimeMs);
            double totalWeight = 1.0 - estimatorWeight(deltaTStart);
            double normalizedSmoothedStepsPerSec = smoothedStepsPerSec / totalWeight;

            doubleSmoothedStepsPerSec = doubleSmoothedStepsPerSec * weight
                    + normalizedSmoothedStepsPerSec * (1.0 - weight);

            prevSteps = newSteps;
            prevTimeMs = nowMs;
        }

        /** {@code Estimator::reset}: forgets the rates, keeps the position. */
        void reset(long nowMs) {
            smoothedStepsPerSec = 0.0;
            doubleSmoothedStepsPerSec = 0.0;
            prevTimeMs = nowMs;
            startTimeMs = nowMs;
        }

        /** {@code Estimator::steps_per_second}: the time since the last update counts as an update of zero steps. */
        @Override
        public double fractionPerSecond(long nowMs) {
            double deltaT = seconds(Math.max(0, nowMs - prevTimeMs));
            double reweight = estimatorWeight(deltaT);

            double deltaTStart = seconds(Math.max(0, nowMs - startTimeMs));
            double totalWeight = 1.0 - estimatorWeight(deltaTStart);

            double sps = smoothedStepsPerSec * reweight / totalWeight;
            double dsps = doubleSmoothedStepsPerSec * reweight + sps * (1.0 - reweight);
            return dsps / totalWeight;
        }

        /** {@code estimator_weight}: the weight left to data {@code ageSeconds} old. */
        static double estimatorWeight(double ageSeconds) {
            return Math.pow(0.1, ageSeconds / EXPONENTIAL_WEIGHTING_SECONDS);
        }

        private static double seconds(long ms) {
            return ms / 1000.0;
        }
    }
}
