package io.headway.eta.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers, per job, what was estimated when the job first reached each {@linkplain #LEVELS checkpoint} of its
 * progress, so the estimates can be scored against the truth once it ends. The service and the offline evaluator
 * score the same way through it.
 *
 * @param <T> what is kept per checkpoint
 */
public final class CheckpointRecorder<T> {

    /** The progress fractions at which estimates are scored. */
    public static final List<Double> LEVELS = List.of(0.10, 0.25, 0.50, 0.75, 0.90);

    private final Map<String, List<Reached<T>>> jobs = new HashMap<>();

    /**
     * Notes the job's progress at {@code atMs}; for each checkpoint it reaches for the first time, keeps what
     * {@code estimate} gives then (null is kept too: the model had no estimate). Checkpoints first passed by a jump
     * to 100 % are not kept: with the work all done there is nothing left to estimate, and a relative error of a few
     * milliseconds of truth would only be noise.
     */
    public void progress(String jobId, double fraction, long atMs, Supplier<T> estimate) {
        List<Reached<T>> reached = jobs.computeIfAbsent(jobId, k -> new ArrayList<>(LEVELS.size()));
        if (fraction >= 1.0) {
            return;
        }
        T value = null;
        boolean computed = false;
        for (int i = reached.size(); i < LEVELS.size() && fraction >= LEVELS.get(i); i++) {
            if (!computed) {
                value = estimate.get();
                computed = true;
            }
            reached.add(new Reached<>(LEVELS.get(i), atMs, value));
        }
    }

    /** The checkpoints the job reached, forgetting the job. */
    public List<Reached<T>> finish(String jobId) {
        List<Reached<T>> reached = jobs.remove(jobId);
        return reached == null ? List.of() : reached;
    }

    /** Starts the job's checkpoints afresh (a new attempt starts its progress from zero). */
    public void restart(String jobId) {
        jobs.remove(jobId);
    }

    /** A checkpoint reached at {@code atMs}, with what was estimated then (null when nothing was). */
    public record Reached<T>(double level, long atMs, T estimate) {
    }
}
