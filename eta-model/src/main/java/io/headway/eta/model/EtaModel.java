package io.headway.eta.model;

import io.headway.events.ProgressEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * A way of estimating how long a running job has left, fed the events of {@code headway.progress} in log order.
 * Headway's own estimator and the baselines it is measured against all implement it, so the evaluator replays one
 * log through each of them alike.
 *
 * <p>A model never reads the wall clock: every time it knows comes from the events and from the {@code now} its
 * caller passes, so replaying a recorded log reproduces the same estimates.
 */
public interface EtaModel {

    /** A short stable name, as printed in the evaluator's table and written in {@code EtaEstimated.model}. */
    String name();

    /** Takes in one event. A terminal event ends the job's tracking; a succeeded job is learnt from at once. */
    void observe(ProgressEvent event);

    /** The estimate for a job at {@code now} (log time), or empty when the model has none for it. */
    Optional<Estimate> estimate(String jobId, Instant now);

    /** Drops what it tracks of a job without learning from it (its partition moved away, or it went silent). */
    void forget(String jobId);

    /** Learns from a job that finished elsewhere (history loaded at start); a job already learnt is ignored. */
    default void learn(FinishedJob job) {
    }
}
