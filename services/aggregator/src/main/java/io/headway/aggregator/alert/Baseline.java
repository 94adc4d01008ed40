package io.headway.aggregator.alert;

import java.time.Duration;

/**
 * What jobs of one type (and, where enough of them ran, the same parameters) usually do, learnt from their history:
 * what "slower than usual" and "stalled" are judged against.
 *
 * @param samples      how many finished jobs it is learnt from
 * @param p90Duration  the 90th percentile of their durations, start to success; null without history
 * @param longestGap   the usual longest wait between two signs of progress within one job (the 90th percentile of
 *                     each job's longest); null without history
 * @param sameParameters whether it is learnt from jobs with the job's own parameters, or from the whole type
 */
public record Baseline(int samples, Duration p90Duration, Duration longestGap, boolean sameParameters) {

    public static final Baseline NONE = new Baseline(0, null, null, false);
}
