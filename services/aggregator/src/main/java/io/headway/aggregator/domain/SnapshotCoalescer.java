package io.headway.aggregator.domain;

import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which job snapshots go out now and which wait for the next periodic flush: a job's first snapshot and every
 * change of its status (the terminal one included) go out at once; any other change waits, and only the latest
 * waiting state of a job is kept. Flushing once per interval therefore publishes at most one snapshot per job per
 * interval, and never loses the latest state.
 *
 * <p>Not thread-safe: the publisher that owns it serialises access.
 */
public final class SnapshotCoalescer {

    private final Map<String, JobStatus> lastStatus = new HashMap<>();
    private final Map<String, JobState> waiting = new LinkedHashMap<>();

    /** Takes changed states in; returns those to publish now. The others wait for {@link #drain()}. */
    public List<JobState> offer(Collection<JobState> states) {
        List<JobState> now = new ArrayList<>();
        for (JobState state : states) {
            if (lastStatus.get(state.jobId()) != state.status()) {
                waiting.remove(state.jobId());
                now.add(state);
                published(state);
            } else {
                waiting.put(state.jobId(), state);
            }
        }
        return now;
    }

    /** The latest waiting state of every job, to publish now; nothing waits afterwards. */
    public List<JobState> drain() {
        List<JobState> due = new ArrayList<>(waiting.values());
        waiting.clear();
        due.forEach(this::published);
        return due;
    }

    /** Puts states whose publication failed back, unless a newer state of the same job is already waiting. */
    public void retry(Collection<JobState> failed) {
        failed.forEach(state -> waiting.merge(state.jobId(), state,
                (newer, old) -> newer.eventCount() >= old.eventCount() ? newer : old));
    }

    private void published(JobState state) {
        if (state.status().isTerminal()) {
            lastStatus.remove(state.jobId());
        } else {
            lastStatus.put(state.jobId(), state.status());
        }
    }
}
