package io.headway.events.state;

import io.headway.events.ControlAction;
import io.headway.events.Require;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job's current state: what {@link JobReducer} folds its events into, and what dashboards show. Immutable; the
 * reducer derives a new one per event.
 *
 * @param tenant        who owns the job; null until its {@code JobSubmitted} has been seen
 * @param timeoutMs     the submission's override of its template's timeout, if it made one
 * @param maxAttempts   the submission's override of its template's attempts, if it made one
 * @param attempt       the attempt running or last run; 0 before the first start
 * @param stages        the stage plan with each stage's progress, in plan order
 * @param currentStage  the stage running now, if any
 * @param progress      overall progress, 0 to 1: the weighted stage fractions, never lower than before within an
 *                      attempt
 * @param units         the latest unit count, e.g. 1200 of 5000 files, with the rate they are done at
 * @param message       the latest message for people
 * @param counters      the latest value of each counter
 * @param artifacts     the previews and artifacts saved so far, one per name (the latest), in the order first saved
 * @param preview       the latest preview saved, if any
 * @param control       the latest cancel/pause/resume request
 * @param queue         where the job waits on an executor, until it starts
 * @param retry         the retry scheduled, while the job waits for its next attempt
 * @param outcome       how it ended, once terminal
 * @param updatedAt     the latest event time seen
 * @param progressedAt  when the job last moved on: it started or resumed, a stage began or ended, it reported progress
 *                      or saved a checkpoint (resource samples and estimates keep coming for a job that is stuck, so
 *                      they do not count); what stall detection measures from
 * @param longestQuietMs the longest wait so far between two signs of progress while the job ran (a pause, a retry's
 *                      wait or the queue do not count): what its type's stall threshold is learnt from
 * @param eventCount    how many events have been folded in; grows by one per event, so it orders snapshots
 */
@RecordBuilder
public record JobState(
        String jobId, String tenant, String jobType, String batchId, Map<String, String> labels,
        Map<String, String> parameters, int priority, boolean external, Long timeoutMs, Integer maxAttempts,
        JobStatus status, int attempt, String executorId,
        List<StageState> stages, String currentStage, double progress, Units units, String message,
        Map<String, Long> counters, Resources resources, Checkpoint checkpoint, List<Artifact> artifacts,
        Artifact preview, Eta eta, ControlRequest control,
        Queue queue, Retry retry, Outcome outcome,
        Instant submittedAt, Instant startedAt, Instant finishedAt, Instant updatedAt, Instant progressedAt,
        long longestQuietMs, long eventCount)
        implements JobStateBuilder.With {

    public JobState {
        Require.text(jobId, "jobId");
        Require.present(status, "status");
        labels = Require.map(labels);
        parameters = Require.map(parameters);
        stages = Require.list(stages);
        counters = Require.map(counters);
        artifacts = Require.list(artifacts);
    }

    /**
     * The executor that holds the job, if any: the one it waits on, runs on, or waits on for its next attempt. Null
     * for an ended or external job and for one whose request waits in the shared queue for whichever executor is free
     * (not taken yet, or handed back). When the holder is lost, the job must be handed to another executor.
     */
    public String holder() {
        if (status.isTerminal() || external) {
            return null;
        }
        return queue != null ? queue.executorId() : executorId;
    }

    /** The state of a job nothing is known about yet but its id. */
    public static JobState initial(String jobId) {
        return JobStateBuilder.builder().jobId(jobId).status(JobStatus.QUEUED).build();
    }

    /**
     * Units done so far.
     *
     * @param perSecond the rate between the last two reports of the same unit, when known
     */
    public record Units(long current, Long total, String unit, Double perSecond, Instant at) {
    }

    /** The latest resource sample of the job's process tree, and the peaks so far. */
    public record Resources(
            double cpuPercent, long rssBytes, long readBytes, long writeBytes, double peakCpuPercent,
            long peakRssBytes, Instant sampledAt) {
    }

    /** The latest checkpoint the job saved. */
    public record Checkpoint(String value, String stage, Instant savedAt) {
    }

    /**
     * A preview or artifact the job saved (see {@link io.headway.events.ArtifactSaved}); its bytes are in the artifact
     * store under {@code location}.
     */
    public record Artifact(String name, String mediaType, long sizeBytes, String sha256, String location,
            String thumbnail, boolean preview, String stage, Instant savedAt) {
    }

    /** The latest estimate of the time left, with its range and confidence. */
    public record Eta(long remainingMs, long lowMs, long highMs, double confidence, String model, Instant estimatedAt) {
    }

    /** The latest control request and who made it. */
    public record ControlRequest(ControlAction action, String reason, String requestedBy, Instant requestedAt) {
    }

    /** Where a waiting job stands on the executor that holds it. */
    public record Queue(int position, int waiting, String executorId, Instant at) {
    }

    /** A scheduled retry: {@code attempt} will start after {@code delayMs}. */
    public record Retry(int attempt, long delayMs, String cause, Instant scheduledAt) {
    }

    /** How a job ended; which parts are set depends on its terminal status. */
    public record Outcome(
            String summary, String error, Integer exitCode, Boolean retryable, String cancelReason,
            String cancelledBy, Long timeoutMs) {

        static Outcome succeeded(String summary) {
            return new Outcome(summary, null, null, null, null, null, null);
        }

        static Outcome failed(String error, Integer exitCode, boolean retryable) {
            return new Outcome(null, error, exitCode, retryable, null, null, null);
        }

        static Outcome cancelled(String reason, String cancelledBy) {
            return new Outcome(null, null, null, null, reason, cancelledBy, null);
        }

        static Outcome timedOut(long timeoutMs) {
            return new Outcome(null, "timed out after " + timeoutMs + " ms", null, null, null, null, timeoutMs);
        }
    }
}
