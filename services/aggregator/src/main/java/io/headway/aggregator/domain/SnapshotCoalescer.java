package io.headway.aggregator.domain;

import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides when a job's changed snapshot may be published: at most once per job per interval, except that a change of
 * status (including the terminal one) goes out at once. Remembers only jobs that are not terminal.
 *
 * <p>Not thread-safe: the aggregator folds one batch at a time.
 */
public final class SnapshotCoalescer {

    private final Duration interval;
    private final Map<String, Published> published = new HashMap<>();

    public SnapshotCoalescer(Duration interval) {
        this.interval = interval;
    }

    /** When the snapshot of {@code state} may go out, given that it is {@code now}. */
    public Instant publishAt(JobState state, Instant now) {
        Published last = published.get(state.jobId());
        if (last == null || last.status() != state.status()) {
            return now;
        }
        Instant allowed = last.at().plus(interval);
        return allowed.isAfter(now) ? allowed : now;
    }

    /** Records that {@code state} was published at {@code at}. */
    public void published(JobState state, Instant at) {
        if (state.status().isTerminal()) {
            published.remove(state.jobId());
        } else {
            published.put(state.jobId(), new Published(state.status(), at));
        }
    }

    /** Forgets everything, e.g. when this instance's partitions change. */
    public void clear() {
        published.clear();
    }

    private record Published(JobStatus status, Instant at) {
    }
}
