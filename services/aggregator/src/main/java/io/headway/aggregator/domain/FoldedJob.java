package io.headway.aggregator.domain;

import io.headway.events.state.JobState;

/**
 * A job's state together with where its events are read from: the partition all of them must come on (-1 until the
 * first one), and the offset of the last event folded in. Everything at or below that offset has been applied, so a
 * redelivered event is recognised and skipped; offsets order events only within one partition.
 */
public record FoldedJob(JobState state, long lastOffset, int partition) {

    /** A job nothing has been folded into yet. */
    public static FoldedJob unknown(String jobId) {
        return new FoldedJob(JobState.initial(jobId), -1, -1);
    }

    /** Whether any event of a known kind has been folded in, i.e. there is something to show. */
    public boolean hasState() {
        return state.eventCount() > 0;
    }
}
