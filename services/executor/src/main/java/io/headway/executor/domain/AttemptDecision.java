package io.headway.executor.domain;

import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.executor.run.RunOutcome;
import io.headway.templates.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * What becomes of a job when one of its attempts has ended: another attempt after the retry policy's backoff, the end
 * of the job, or, when the executor is shutting down, handing it back unacknowledged so another instance runs it.
 *
 * <p>A failure is retried only while it is retryable, attempts are left, the executor is not stopping and nobody asked
 * for the job to be cancelled: a cancel that arrives while an attempt fails or waits for its retry would otherwise
 * reach a run that has already ended and be lost, and the next attempt would run against the user's wish.
 */
public sealed interface AttemptDecision {

    /**
     * Another attempt, after {@code delay}.
     *
     * @param cause      why the previous attempt failed
     * @param checkpoint the last checkpoint the previous attempt saved, or null
     */
    record Retry(int attempt, Duration delay, String cause, String checkpoint) implements AttemptDecision {

        /** Where the attempt resumes: the previous attempt's checkpoint, else the latest one the job is known for. */
        public String checkpointOr(String known) {
            return checkpoint != null ? checkpoint : known;
        }
    }

    /**
     * The job ends as {@code outcome}. A failure in it is retryable only while attempts were left: at the limit,
     * another attempt is not coming.
     */
    record End(RunOutcome outcome) implements AttemptDecision {
    }

    /** The executor is stopping and cancelled the attempt: no terminal event, no acknowledgement. */
    record HandBack() implements AttemptDecision {
    }

    /**
     * @param attempt  the number of the attempt that ended
     * @param outcome  how it ended
     * @param retry    the job's retry policy
     * @param intent   the job's latest control intent, if any
     * @param stopping whether the executor is shutting down
     * @param random   uniform in [0, 1), for the backoff's jitter
     */
    static AttemptDecision after(int attempt, RunOutcome outcome, RetryPolicy retry, Optional<ControlIntent> intent,
            boolean stopping, DoubleSupplier random) {
        if (stopping && outcome instanceof RunOutcome.Cancelled) {
            return new HandBack();
        }
        if (!(outcome instanceof RunOutcome.Failed failed)) {
            return new End(outcome);
        }
        boolean attemptsLeft = failed.retryable() && retry.allowsAnotherAfter(attempt);
        if (attemptsLeft && !stopping) {
            Optional<RunOutcome.Cancelled> cancelled = cancelRequested(intent, failed.lastCheckpoint());
            if (cancelled.isPresent()) {
                return new End(cancelled.get());
            }
            int next = attempt + 1;
            return new Retry(next, retry.delayBefore(next, random), failed.error(), failed.lastCheckpoint());
        }
        return new End(new RunOutcome.Failed(failed.error(), failed.exitCode(), attemptsLeft,
                failed.lastCheckpoint()));
    }

    /**
     * How a job waiting for its next attempt ends instead, when its latest intent is to cancel it.
     *
     * @param checkpoint the last checkpoint the job saved, or null
     */
    static Optional<RunOutcome.Cancelled> cancelRequested(Optional<ControlIntent> intent, String checkpoint) {
        return intent.filter(i -> i.action() == ControlAction.CANCEL)
                .map(i -> new RunOutcome.Cancelled(i.reason(), i.requestedBy(), checkpoint));
    }
}
