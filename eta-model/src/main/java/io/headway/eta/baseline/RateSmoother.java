package io.headway.eta.baseline;

/**
 * One job attempt's running estimate of how fast its overall progress moves, as a progress bar library keeps it:
 * fed each new (time, fraction) point of the attempt in time order, asked for a rate at any later time.
 */
interface RateSmoother {

    /** Takes in a point where the overall fraction reached {@code fraction} at {@code atMs} (log time). */
    void progressed(long atMs, double fraction);

    /** The fraction of the job done per second at {@code nowMs}; 0 or not finite when there is no rate yet. */
    double fractionPerSecond(long nowMs);
}
