package io.headway.eta.model;

/**
 * The time a job has left, with the range it should end within.
 *
 * @param remainingMs best estimate
 * @param lowMs       lower end of the range, at most {@code remainingMs}
 * @param highMs      upper end of the range, at least {@code remainingMs}
 * @param confidence  how often the job should end within the range, 0 to 1; 0 for a model that gives no range
 */
public record Estimate(long remainingMs, long lowMs, long highMs, double confidence) {

    public Estimate {
        if (lowMs < 0 || lowMs > remainingMs || remainingMs > highMs) {
            throw new IllegalArgumentException(
                    "expected 0 <= lowMs <= remainingMs <= highMs, was " + lowMs + ", " + remainingMs + ", " + highMs);
        }
    }

    /** A point estimate with no range, as the baselines give. */
    public static Estimate point(double remainingMs) {
        long ms = Math.round(Math.max(0, remainingMs));
        return new Estimate(ms, ms, ms, 0);
    }
}
