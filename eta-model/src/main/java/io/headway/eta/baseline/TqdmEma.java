package io.headway.eta.baseline;

/**
 * The rate tqdm shows by default (tqdm 4.x {@code std.tqdm.update} with {@code smoothing=0.3}), so Headway is
 * measured against what most Python users see. tqdm keeps two exponential moving averages with the bias correction of
 * its {@code utils.EMA} class, one of the units done between two display updates ({@code dn}) and one of the seconds
 * between them ({@code dt}); the rate is their quotient, and the time left {@code (1 − p) / rate}. Before the first
 * update has been averaged it falls back, as tqdm does, to the average rate since the start.
 *
 * <p>Each new point of the job's overall progress is one tqdm update: units are fractions of the job, and an update
 * less than tqdm's {@code mininterval} (0.1 s) after the last one counts towards the next, as in tqdm. tqdm's
 * {@code miniters} throttle is left out: it counts iterations, which fractions do not have. Times are the events'
 * times, pauses included, since tqdm has no notion of a pause.
 */
public final class TqdmEma extends SmoothedRateModel {

    public static final String NAME = "tqdm-ema";

    /** tqdm's default {@code smoothing}: the weight of the newest value. */
    static final double SMOOTHING = 0.3;

    /** tqdm's default {@code mininterval}: updates closer together than this are merged. */
    static final long MIN_INTERVAL_MS = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected RateSmoother smoother(long attemptStartMs) {
        return new Smoother(attemptStartMs);
    }

    /** tqdm's bookkeeping between display updates, in fractions of the job and seconds. */
    static final class Smoother implements RateSmoother {

        private final long startMs;
        private final Ema dn = new Ema(SMOOTHING);
        private final Ema dt = new Ema(SMOOTHING);
        private long lastPrintMs;
        private double lastPrintFraction;
        private double fraction;

        Smoother(long startMs) {
            this.startMs = startMs;
            this.lastPrintMs = startMs;
        }

        @Override
        public void progressed(long atMs, double fraction) {
            this.fraction = Math.max(this.fraction, fraction);
            long elapsedMs = atMs - lastPrintMs;
            double units = this.fraction - lastPrintFraction;
            if (elapsedMs < MIN_INTERVAL_MS || units <= 0) {
                return;
            }
            dn.add(units);
            dt.add(elapsedMs / 1000.0);
            lastPrintMs = atMs;
            lastPrintFraction = this.fraction;
        }

        @Override
        public double fractionPerSecond(long nowMs) {
            if (dt.value() > 0) {
                return dn.value() / dt.value();
            }
            double elapsedSeconds = (nowMs - startMs) / 1000.0;
            return elapsedSeconds > 0 ? fraction / elapsedSeconds : 0;
        }
    }

    /**
     * tqdm's {@code utils.EMA}: {@code last = α·x + (1 − α)·last}, read as {@code last / (1 − (1 − α)^calls)} so
     * that the zero it starts from does not pull early values down (the first value is read back exactly).
     */
    static final class Ema {

        private final double alpha;
        private double last;
        private int calls;

        Ema(double alpha) {
            this.alpha = alpha;
        }

        void add(double x) {
            last = alpha * x + (1 - alpha) * last;
            calls++;
        }

        double value() {
            return calls == 0 ? last : last / (1 - Math.pow(1 - alpha, calls));
        }
    }
}
