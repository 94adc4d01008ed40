package io.headway.executor.supervisor;

import io.headway.events.ControlIntent;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobPaused;
import io.headway.events.JobQueued;
import io.headway.events.JobResumed;
import io.headway.events.JobSucceeded;
import io.headway.events.JobTimedOut;
import io.headway.events.ProgressEvent;
import io.headway.events.RetryScheduled;
import io.headway.executor.domain.AttemptDecision;
import io.headway.executor.domain.QueuePositions;
import io.headway.executor.run.RunOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The events the supervisor publishes itself (a run publishes those of its attempt), stamped with this executor's id
 * and the injected clock. It only maps: what happens to a job is decided in {@code domain}.
 */
final class JobEvents {

    private final String executorId;
    private final Clock clock;

    JobEvents(String executorId, Clock clock) {
        this.executorId = executorId;
        this.clock = clock;
    }

    /** The event that ends a job whose last attempt, number {@code attempt}, ended as {@code outcome}. */
    ProgressEvent terminal(String jobId, int attempt, RunOutcome outcome) {
        return switch (outcome) {
            case RunOutcome.Succeeded s -> new JobSucceeded(UUID.randomUUID(), jobId, now(), executorId,
                    "attempt " + attempt + " succeeded");
            case RunOutcome.Failed f -> failed(jobId, f.error(), f.exitCode(), f.retryable());
            case RunOutcome.Cancelled c -> new JobCancelled(UUID.randomUUID(), jobId, now(), executorId, c.reason(),
                    c.cancelledBy());
            case RunOutcome.TimedOut t -> new JobTimedOut(UUID.randomUUID(), jobId, now(), executorId, t.timeoutMs());
        };
    }

    ProgressEvent cancelled(String jobId, ControlIntent intent) {
        return new JobCancelled(UUID.randomUUID(), jobId, now(), executorId, intent.reason(), intent.requestedBy());
    }

    /** A request this executor cannot run: the job fails at once, and another attempt would fail the same way. */
    ProgressEvent rejected(String jobId, String reason) {
        return failed(jobId, "rejected: " + reason, null, false);
    }

    ProgressEvent retryScheduled(String jobId, AttemptDecision.Retry retry) {
        return new RetryScheduled(UUID.randomUUID(), jobId, now(), executorId, retry.attempt(),
                retry.delay().toMillis(), retry.cause(), executorId);
    }

    ProgressEvent queued(QueuePositions.Position place) {
        return new JobQueued(UUID.randomUUID(), place.jobId(), now(), executorId, place.position(), place.waiting(),
                executorId);
    }

    ProgressEvent paused(String jobId) {
        return new JobPaused(UUID.randomUUID(), jobId, now(), executorId);
    }

    ProgressEvent resumed(String jobId) {
        return new JobResumed(UUID.randomUUID(), jobId, now(), executorId);
    }

    /** Events carry milliseconds. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private ProgressEvent failed(String jobId, String error, Integer exitCode, boolean retryable) {
        return new JobFailed(UUID.randomUUID(), jobId, now(), executorId, error, exitCode, retryable);
    }
}
