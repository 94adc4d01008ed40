package io.headway.eta.model;

/**
 * One estimate scored against the truth: what was estimated when the job first reached {@code level} of its
 * progress, and how long it then really had left.
 */
public record CheckpointScore(double level, long estimatedMs, long lowMs, long highMs, long actualMs) {

    /** The absolute error relative to the truth; 0 when both are 0. */
    public double absolutePercentageError() {
        return Math.abs(estimatedMs - actualMs) / (double) Math.max(1, actualMs);
    }

    public boolean covered() {
        return lowMs <= actualMs && actualMs <= highMs;
    }
}
