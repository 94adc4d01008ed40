package io.headway.executor.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Which waiting jobs must be told their place in an executor's queue: a job hears its position when it joins the
 * queue and again each time its place moves, not each time anything in the queue changes, so a long queue does not
 * send every waiting job an event per arrival behind it.
 *
 * <p>Not thread-safe: the supervisor serialises access.
 */
public final class QueuePositions {

    /** A waiting job's place, counted from 1, among {@code waiting} jobs. */
    public record Position(String jobId, int position, int waiting) {
    }

    private final Map<String, Integer> told = new HashMap<>();

    /** A place reported otherwise (the claim that took the job in): not to be reported again while it holds. */
    public void told(Position place) {
        told.put(place.jobId(), place.position());
    }

    /**
     * The places to report, in queue order, for the queue as it is now; jobs no longer in it are forgotten.
     *
     * @param order the waiting jobs' ids in the order they would start
     */
    public List<Position> changes(List<String> order) {
        told.keySet().retainAll(new HashSet<>(order));
        List<Position> changed = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            int position = i + 1;
            Integer before = told.put(order.get(i), position);
            if (before == null || before != position) {
                changed.add(new Position(order.get(i), position, order.size()));
            }
        }
        return changed;
    }
}
