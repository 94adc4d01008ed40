package io.headway.aggregator.domain;

import io.headway.events.state.JobState;

/**
 * A job's state together with the offset of the last event folded into it: everything at or below that offset has
 * been applied, so a redelivered event is recognised and skipped.
 */
public record FoldedJob(JobState state, long lastOffset) {

    /** A job nothing has been folded into yet. */
    public static FoldedJob unknown(String jobId) {
        return new FoldedJob(JobState.initial(jobId), -1);
    }

    /** Whether any event of a known kind has been folded in, i.e. there is something to show. */
    public boolean hasState() {
        return state.eventCount() > 0;
    }
}
