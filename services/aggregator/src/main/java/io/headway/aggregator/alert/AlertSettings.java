package io.headway.aggregator.alert;

import java.time.Duration;

/**
 * The alert rules' parameters, from configuration ({@code headway.aggregator.alerts.*}); every one can be set down
 * to seconds.
 *
 * @param stallDefault   how long a job may go without progress when its type has too little history to learn from
 * @param stallFactor    how far beyond its type's usual longest wait a job must be to count as stalled
 * @param stallMinimum   the least stall threshold a type's history can teach
 * @param minHistory     how many finished jobs a type needs before its history is trusted
 * @param slowFor        how long a job must be projected beyond its type's 90th percentile (and back) to raise (and
 *                       resolve) its alert
 * @param slowHysteresis how far (a share of the 90th percentile) a projection must fall back below it to count as
 *                       cleared
 * @param resolveAfter   the least time a threshold rule's condition must be gone before its alert is resolved
 * @param updateEvery    the least time between two updates of an open alert whose message changed
 */
public record AlertSettings(Duration stallDefault, int stallFactor, Duration stallMinimum, int minHistory,
        Duration slowFor, double slowHysteresis, Duration resolveAfter, Duration updateEvery) {
}
