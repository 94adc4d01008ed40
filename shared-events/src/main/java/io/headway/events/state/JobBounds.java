package io.headway.events.state;

import io.headway.events.Require;

/**
 * What bounds a job's state beyond what each event bounds ({@link Require}): counters and stages accumulate over
 * events, so a job holds at most {@value #MAX_COUNTERS} counters and {@value Require#MAX_STAGES} stages. With every
 * text and map on the wire bounded too, a snapshot stays well under Kafka's default record size of 1 MB (at most
 * about 640 KB even if every character had to be escaped), so it can always be published.
 *
 * <p>An event that would take a job beyond a bound is refused, with this reason, rather than folded: by the
 * aggregator into a dead-letter record, by the gateway as a 422 to the reporter.
 */
public final class JobBounds {

    public static final int MAX_COUNTERS = 128;

    private JobBounds() {
    }

    /** Why this state is beyond a bound, or null when it is within every one. */
    public static String exceeded(JobState state) {
        if (state.counters().size() > MAX_COUNTERS) {
            return "job " + state.jobId() + " would hold " + state.counters().size() + " counters; a job holds at "
                    + "most " + MAX_COUNTERS;
        }
        if (state.stages().size() > Require.MAX_STAGES) {
            return "job " + state.jobId() + " would hold " + state.stages().size() + " stages; a job holds at most "
                    + Require.MAX_STAGES;
        }
        return null;
    }
}
