package io.headway.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.headway.events.state.JobState;

/**
 * A job's current state as published on the compacted {@code headway.job-state} topic (keyed by job id) and kept in
 * Redis: the latest record per key is the job as it is now.
 *
 * <p>A snapshot is a function of the job's events alone (no wall-clock time in it), so folding the same events twice,
 * after a crash or a replay, writes exactly the same bytes.
 *
 * @param sequence grows with every event folded into the job; a reader keeps the snapshot with the highest one
 */
public record JobSnapshot(String jobId, long sequence, JobState state) {

    public JobSnapshot {
        Require.text(jobId, "jobId");
        Require.present(state, "state");
    }

    public static JobSnapshot of(JobState state) {
        return new JobSnapshot(state.jobId(), state.eventCount(), state);
    }

    /** The owning tenant, by which every read and push is filtered. */
    @JsonIgnore
    public String tenant() {
        return state.tenant();
    }
}
