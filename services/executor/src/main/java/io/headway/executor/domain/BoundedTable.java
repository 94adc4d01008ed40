package io.headway.executor.domain;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The latest value of each job, for at most {@code maxJobs} jobs. When one more job would pass the bound, the least
 * useful entry is forgotten: the longest-unchanged of the jobs whose value says they have ended, and only when none
 * has, the longest-unchanged of the rest. An ended job's entry is only needed when its request is delivered again,
 * which happens soon after it ended or not at all; a live job's entry says which attempt comes next and where it
 * resumes.
 *
 * <p>Not thread-safe: the owner serialises access.
 */
public final class BoundedTable<V> {

    private final int maxJobs;
    private final Predicate<V> ended;
    /** Oldest change first, in both. */
    private final LinkedHashMap<String, V> endedJobs = new LinkedHashMap<>();
    private final LinkedHashMap<String, V> liveJobs = new LinkedHashMap<>();

    /**
     * @param maxJobs how many jobs the table holds at most
     * @param ended   whether a value says its job has ended
     */
    public BoundedTable(int maxJobs, Predicate<V> ended) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("a table holds at least one job, not " + maxJobs);
        }
        this.maxJobs = maxJobs;
        this.ended = ended;
    }

    /** Sets a job's value, which makes it the table's most recently changed entry. */
    public void put(String jobId, V value) {
        remove(jobId);
        (ended.test(value) ? endedJobs : liveJobs).put(jobId, value);
        if (size() > maxJobs) {
            (endedJobs.isEmpty() ? liveJobs : endedJobs).pollFirstEntry();
        }
    }

    public void remove(String jobId) {
        if (endedJobs.remove(jobId) == null) {
            liveJobs.remove(jobId);
        }
    }

    public Optional<V> get(String jobId) {
        V value = endedJobs.get(jobId);
        return Optional.ofNullable(value != null ? value : liveJobs.get(jobId));
    }

    public int size() {
        return endedJobs.size() + liveJobs.size();
    }
}
