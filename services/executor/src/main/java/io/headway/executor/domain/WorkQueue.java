package io.headway.executor.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The jobs an executor holds but has not started, and which may start next: the highest priority first (the earliest
 * arrival among equals), as long as the instance's global limit and the job type's own limit allow it. A job its type's
 * limit holds back does not hold back jobs of other types.
 *
 * <p>Not thread-safe: the supervisor serialises access.
 */
public final class WorkQueue<T> {

    /** A job waiting to start. */
    public record Waiting<T>(String jobId, String type, int priority, long arrival, T work) {
    }

    private final int capacity;
    private final List<Waiting<T>> waiting = new ArrayList<>();
    private final Map<String, Integer> runningByType = new HashMap<>();
    private long arrivals;
    private int running;

    /** @param capacity how many jobs the instance runs at once */
    public WorkQueue(int capacity) {
        this.capacity = capacity;
    }

    public void add(String jobId, String type, int priority, T work) {
        waiting.add(new Waiting<>(jobId, type, priority, arrivals++, work));
    }

    /**
     * Takes the next job that may start, if any, and counts it as running.
     *
     * @param limitOf the concurrency limit of a job type
     * @param held    jobs that must not start now (e.g. paused while waiting)
     */
    public Optional<Waiting<T>> next(Map<String, Integer> limitOf, Predicate<String> held) {
        if (running >= capacity) {
            return Optional.empty();
        }
        Optional<Waiting<T>> next = waiting.stream()
                .filter(w -> !held.test(w.jobId()))
                .filter(w -> runningByType.getOrDefault(w.type(), 0) < limitOf.getOrDefault(w.type(),
                        Integer.MAX_VALUE))
                .min(Comparator.comparingInt((Waiting<T> w) -> -w.priority()).thenComparingLong(Waiting::arrival));
        next.ifPresent(w -> {
            waiting.remove(w);
            running++;
            runningByType.merge(w.type(), 1, Integer::sum);
        });
        return next;
    }

    /** A job that was started has ended (or been handed back): its slot is free. */
    public void finished(String type) {
        running--;
        runningByType.merge(type, -1, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** Removes a waiting job, e.g. cancelled before it started. */
    public Optional<Waiting<T>> remove(String jobId) {
        Optional<Waiting<T>> found = waiting.stream().filter(w -> w.jobId().equals(jobId)).findFirst();
        found.ifPresent(waiting::remove);
        return found;
    }

    /** The waiting jobs' ids in the order they would start, if nothing else arrived. */
    public List<String> order() {
        return waiting.stream()
                .sorted(Comparator.comparingInt((Waiting<T> w) -> -w.priority()).thenComparingLong(Waiting::arrival))
                .map(Waiting::jobId)
                .toList();
    }

    public int waitingCount() {
        return waiting.size();
    }

    public int runningCount() {
        return running;
    }

    public Map<String, Integer> runningByType() {
        return Map.copyOf(runningByType);
    }

    public int capacity() {
        return capacity;
    }

    /** Everything still waiting, e.g. to hand back on shutdown. */
    public List<Waiting<T>> drain() {
        List<Waiting<T>> all = List.copyOf(waiting);
        waiting.clear();
        return all;
    }
}
