package io.headway.eta.baseline;

/**
 * A rate smoother that adapts how fast it follows the data to how the data behaves: Trigg and Leach's
 * adaptive-response-rate single exponential smoothing (D. W. Trigg and A. G. Leach, "Exponential smoothing with an
 * adaptive response rate", Operational Research Quarterly 18(1), 1967), in the form of Makridakis, Wheelwright and
 * Hyndman, <i>Forecasting: Methods and Applications</i> (3rd ed., 1998, §4/3/4, "ARRSES"), with their β = 0.2:
 * <pre>
 *   e = r − F                      the error of the forecast rate F against the rate r just seen
 *   A = β·e + (1 − β)·A            smoothed error
 *   M = β·|e| + (1 − β)·M          smoothed absolute error
 *   F = F + α·e, then α = |A| / M  the response rate used for the next update
 * </pre>
 * While the errors are noise around the rate they cancel in {@code A} and α stays small (a steady estimate); when the
 * rate shifts, the errors share a sign, α climbs towards 1 and the forecast follows quickly. The time left is
 * {@code (1 − p) / F}.
 *
 * <p>Why this scheme: the progress libraries we looked at (tqdm and indicatif with exponential averages, rich with a
 * 30-second window, progressbar's {@code AdaptiveETA} blending the overall average with the last ten samples)
 * all use a fixed response rate or a fixed window; none adapts it to the variance of the rate. The ARRSES tracking
 * signal is the classic, documented way to do that with two extra numbers of state, so it stands for the
 * "adaptive" family here. A rate sample is the fraction gained between two points of the job's overall progress
 * divided by the seconds between them; the first sample initialises {@code F}, and α starts at β as in Makridakis
 * et al. Points at the same millisecond as the last one count towards the next sample.
 */
public final class AdaptiveSmoothing extends SmoothedRateModel {

    public static final String NAME = "adaptive-ema";

    /** The smoothing of the error and the absolute error, and the response rate before any error is known. */
    static final double BETA = 0.2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected RateSmoother smoother(long attemptStartMs) {
        return new TriggLeach(attemptStartMs);
    }

    /** ARRSES of the rate of one attempt's overall progress, in fractions per second. */
    static final class TriggLeach implements RateSmoother {

        private long prevTimeMs;
        private double prevFraction;
        private boolean initialised;
        private double forecast;
        private double smoothedError;
        private double smoothedAbsoluteError;
        private double alpha = BETA;

        TriggLeach(long startMs) {
            this.prevTimeMs = startMs;
        }

        @Override
        public void progressed(long atMs, double fraction) {
            if (atMs <= prevTimeMs || fraction <= prevFraction) {
                return;
            }
            double rate = (fraction - prevFraction) / ((atMs - prevTimeMs) / 1000.0);
            prevTimeMs = atMs;
            prevFraction = fraction;
            if (!initialised) {
                forecast = rate;
                initialised = true;
                return;
            }
            double error = rate - forecast;
            smoothedError = BETA * error + (1 - BETA) * smoothedError;
            smoothedAbsoluteError = BETA * Math.abs(error) + (1 - BETA) * smoothedAbsoluteError;
            forecast = forecast + alpha * error;
            alpha = smoothedAbsoluteError > 0 ? Math.abs(smoothedError) / smoothedAbsoluteError : BETA;
        }

        @Override
        public double fractionPerSecond(long nowMs) {
            return initialised ? forecast : 0;
        }

        /** The response rate the next update will use. */
        double alpha() {
            return alpha;
        }
    }
}
