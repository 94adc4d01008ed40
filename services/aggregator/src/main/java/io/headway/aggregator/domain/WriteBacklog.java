package io.headway.aggregator.domain;

import io.headway.events.state.JobState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folded batches whose history and live state are not written yet, merged job by job, so the next write takes them
 * all at once: every applied event of every batch, but only each job's latest row and latest live snapshot. The more
 * batches wait while a write runs, the fewer statements each event costs: writes keep up by growing.
 *
 * <p>Not thread-safe: its owner serialises access.
 */
public final class WriteBacklog {

    private final Map<String, JobFold> folds = new LinkedHashMap<>();
    private final Map<String, JobState> visible = new LinkedHashMap<>();
    private int events;

    /** What one write takes: the merged folds, the live states to write, and how many events they hold. */
    public record Drained(List<JobFold> folds, List<JobState> visible, int events) {

        /** The job's state as this write leaves it, or null; a scan, for the rare reload of an uncached job. */
        public FoldedJob latest(String jobId) {
            for (JobFold fold : folds) {
                if (fold.job().state().jobId().equals(jobId)) {
                    return fold.job();
                }
            }
            return null;
        }
    }

    /** Adds a folded batch: its folds (one per job) and the states a reader should see. */
    public void add(Collection<JobFold> batch, Collection<JobState> batchVisible) {
        for (JobFold fold : batch) {
            folds.merge(fold.job().state().jobId(), fold, JobFold::then);
            events += fold.applied().size();
        }
        batchVisible.forEach(state -> visible.put(state.jobId(), state));
    }

    /** The job's latest folded state that is not written yet, or null. */
    public FoldedJob latest(String jobId) {
        JobFold fold = folds.get(jobId);
        return fold == null ? null : fold.job();
    }

    /** Events waiting to be written. */
    public int events() {
        return events;
    }

    public boolean isEmpty() {
        return folds.isEmpty() && visible.isEmpty();
    }

    /** Takes everything; the backlog is empty afterwards. */
    public Drained drain() {
        Drained drained = new Drained(List.copyOf(folds.values()), List.copyOf(visible.values()), events);
        folds.clear();
        visible.clear();
        events = 0;
        return drained;
    }
}
