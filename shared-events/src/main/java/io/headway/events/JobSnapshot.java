package io.headway.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.headway.events.state.JobState;
import java.time.Instant;

/**
 * A job's current state as published on the compacted {@code headway.job-state} topic, keyed by job id: the latest
 * record per key is the job as it is now.
 *
 * @param sequence grows with every event folded into the job; a reader keeps the snapshot with the highest one
 */
public record JobSnapshot(String jobId, long sequence, Instant publishedAt, JobState state) {

    public JobSnapshot {
        Require.text(jobId, "jobId");
        Require.present(publishedAt, "publishedAt");
        Require.present(state, "state");
    }

    public static JobSnapshot of(JobState state, Instant publishedAt) {
        return new JobSnapshot(state.jobId(), state.eventCount(), publishedAt, state);
    }

    /** The owning tenant, by which every read and push is filtered. */
    @JsonIgnore
    public String tenant() {
        return state.tenant();
    }
}
