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
 * Decides which job snapshots go out now and which wait for the next periodic flush: a job's first snapshot, every
 * change of its status (the terminal one included), and a change that follows a quiet interval go out at once; a
 * change that comes sooner after the job's last snapshot waits, and only the latest waiting state of a job is kept.
 * A job that reports steadily is therefore published about once per interval and never loses its latest state,
 * while one that changes now and then is published without waiting for a flush.
 *
 * <p>Not thread-safe: the publisher that owns it serialises access.
 */
public final class SnapshotCoalescer {

    private final long intervalMillis;
    private final Map<String, JobStatus> lastStatus = new HashMap<>();
    private final Map<String, Long> lastPublishedAt = new HashMap<>();
    private final Map<String, JobState> waiting = new LinkedHashMap<>();

    /** @param intervalMillis the least time between two snapshots of a job whose status did not change */
    public SnapshotCoalescer(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** Takes changed states in at {@code nowMillis}; returns those to publish now. The others wait for a drain. */
    public List<JobState> offer(Collection<JobState> states, long nowMillis) {
        List<JobState> now = new ArrayList<>();
        for (JobState state : states) {
            Long last = lastPublishedAt.get(state.jobId());
            if (lastStatus.get(state.jobId()) != state.status() || last == null
                    || nowMillis - last >= intervalMillis) {
                waiting.remove(state.jobId());
                now.add(state);
                published(state, nowMillis);
            } else {
                waiting.put(state.jobId(), state);
            }
        }
        return now;
    }

    /** The latest waiting state of every job, to publish now; nothing waits afterwards. */
    public List<JobState> drain(long nowMillis) {
        List<JobState> due = new ArrayList<>(waiting.values());
        waiting.clear();
        due.forEach(state -> published(state, nowMillis));
        return due;
    }

    /** Puts states whose publication failed back, unless a newer state of the same job is already waiting. */
    public void retry(Collection<JobState> failed) {
        failed.forEach(state -> waiting.merge(state.jobId(), state,
                (newer, old) -> newer.eventCount() >= old.eventCount() ? newer : old));
    }

    private void published(JobState state, long nowMillis) {
        if (state.status().isTerminal()) {
            lastStatus.remove(state.jobId());
            lastPublishedAt.remove(state.jobId());
        } else {
            lastStatus.put(state.jobId(), state.status());
            lastPublishedAt.put(state.jobId(), nowMillis);
        }
    }
}
