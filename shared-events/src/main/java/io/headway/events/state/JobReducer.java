package io.headway.events.state;

import io.headway.events.ArtifactSaved;
import io.headway.events.CheckpointSaved;
import io.headway.events.ControlRequested;
import io.headway.events.EtaEstimated;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobPaused;
import io.headway.events.JobQueued;
import io.headway.events.JobResumed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.JobTimedOut;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.ResourceSampled;
import io.headway.events.RetryScheduled;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.UnrecognizedEvent;
import io.headway.events.state.JobState.Artifact;
import io.headway.events.state.JobState.Checkpoint;
import io.headway.events.state.JobState.ControlRequest;
import io.headway.events.state.JobState.Eta;
import io.headway.events.state.JobState.Outcome;
import io.headway.events.state.JobState.Queue;
import io.headway.events.state.JobState.Resources;
import io.headway.events.state.JobState.Retry;
import io.headway.events.state.JobState.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Folds a job's events into its {@link JobState}: {@code state = apply(state, event)} for each event in log order.
 *
 * <p>Pure and total: it never throws and never looks at anything but its arguments, whatever the order of events,
 * so every consumer that folds the same log gets the same state. The rules it keeps:
 * <ul>
 *   <li>terminal states are sticky: after success, failure, cancellation or timeout only the job's descriptive
 *       details (from a late {@code JobSubmitted}) and the event count change;</li>
 *   <li>overall progress is the weighted mean of the stage fractions (or the job-level fraction for a job without
 *       stages), always within [0, 1] and never lower than before within an attempt; a new attempt starts from 0;</li>
 *   <li>events that arrive before {@code JobSubmitted} are folded in, not lost; events of a past attempt are
 *       ignored; kinds it does not know leave the state as it was (the same instance).</li>
 * </ul>
 */
public final class JobReducer {

    private static final double DEFAULT_STAGE_WEIGHT = 1.0;

    private JobReducer() {
    }

    /**
     * Folds {@code event} into {@code state}; a null state means nothing is known of the job yet. Returns the same
     * instance when the event changes nothing a reader could see (another job's event, an unknown kind).
     */
    public static JobState apply(JobState state, ProgressEvent event) {
        JobState current = state != null ? state : JobState.initial(event.jobId());
        if (!current.jobId().equals(event.jobId()) || event instanceof UnrecognizedEvent) {
            return current;
        }
        JobState seen = current
                .withEventCount(current.eventCount() + 1)
                .withUpdatedAt(later(current.updatedAt(), event.occurredAt()));
        if (seen.status().isTerminal() && !(event instanceof JobSubmitted)) {
            return seen;
        }
        JobState after = switch (event) {
            case JobSubmitted e -> submitted(seen, e);
            case JobQueued e -> waiting(seen)
                    ? seen.withQueue(new Queue(e.position(), e.waiting(), e.executorId(), e.occurredAt()))
                    : seen;
            case JobStarted e -> started(seen, e);
            case StageStarted e -> stageStarted(seen, e);
            case ProgressReported e -> progressReported(seen, e);
            case StageCompleted e -> stageCompleted(seen, e);
            case ResourceSampled e -> seen.withResources(sample(seen.resources(), e));
            case CheckpointSaved e -> seen.withCheckpoint(new Checkpoint(e.checkpoint(), e.stage(), e.occurredAt()));
            case ArtifactSaved e -> artifactSaved(seen, e);
            case ControlRequested e -> seen.withControl(
                    new ControlRequest(e.action(), e.reason(), e.requestedBy(), e.occurredAt()));
            case JobPaused e -> seen.withStatus(JobStatus.PAUSED);
            case JobResumed e -> seen.status() == JobStatus.PAUSED
                    ? seen.withStatus(seen.attempt() > 0 ? JobStatus.RUNNING : JobStatus.QUEUED)
                    : seen;
            case RetryScheduled e -> e.attempt() > seen.attempt()
                    ? seen.withStatus(JobStatus.RETRYING)
                            .withRetry(new Retry(e.attempt(), e.delayMs(), e.cause(), e.occurredAt()))
                            .withExecutorId(e.executorId())
                            .withQueue(null)
                            .withEta(null)
                    : seen;
            case EtaEstimated e -> seen.withEta(new Eta(
                    e.remainingMs(), e.lowMs(), e.highMs(), e.confidence(), e.model(), e.occurredAt()));
            case JobSucceeded e -> finished(seen, JobStatus.SUCCEEDED, e.occurredAt(), Outcome.succeeded(e.summary()))
                    .withProgress(1.0)
                    .withStages(seen.stages().stream().map(s -> completed(s, e.occurredAt())).toList())
                    .withCurrentStage(null);
            case JobFailed e -> finished(seen, JobStatus.FAILED, e.occurredAt(),
                    Outcome.failed(e.error(), e.exitCode(), e.retryable()));
            case JobCancelled e -> finished(seen, JobStatus.CANCELLED, e.occurredAt(),
                    Outcome.cancelled(e.reason(), e.cancelledBy()));
            case JobTimedOut e -> finished(seen, JobStatus.TIMED_OUT, e.occurredAt(), Outcome.timedOut(e.timeoutMs()));
            case UnrecognizedEvent e -> current; // not reached: ignored above
        };
        return movesOn(event) ? movedOn(current, after, event) : after;
    }

    /**
     * Whether the job waits to start (its first or a next attempt), so that where it waits is news: also while paused
     * before it started, when an executor holds it.
     */
    private static boolean waiting(JobState job) {
        return job.status() == JobStatus.QUEUED || job.status() == JobStatus.RETRYING
                || job.status() == JobStatus.PAUSED && job.startedAt() == null;
    }

    /** Notes when the job moved on, and the longest it waited for that while running. */
    private static JobState movedOn(JobState before, JobState after, ProgressEvent event) {
        long quiet = after.longestQuietMs();
        if (before.status() == JobStatus.RUNNING && before.progressedAt() != null
                && !(event instanceof JobStarted || event instanceof JobResumed)) {
            quiet = Math.max(quiet, Duration.between(before.progressedAt(), event.occurredAt()).toMillis());
        }
        return after.withProgressedAt(later(after.progressedAt(), event.occurredAt())).withLongestQuietMs(quiet);
    }

    /** Whether the event shows the job moving on, as stall detection counts it ({@link JobState#progressedAt}). */
    private static boolean movesOn(ProgressEvent event) {
        return event instanceof JobStarted || event instanceof StageStarted || event instanceof ProgressReported
                || event instanceof StageCompleted || event instanceof CheckpointSaved || event instanceof JobResumed;
    }

    /** Folds a whole sequence, starting from nothing known. */
    public static JobState fold(String jobId, Iterable<? extends ProgressEvent> events) {
        JobState state = JobState.initial(jobId);
        for (ProgressEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }

    private static JobState submitted(JobState state, JobSubmitted e) {
        JobState described = state
                .withTenant(e.tenant())
                .withJobType(e.jobType())
                .withBatchId(e.batchId())
                .withLabels(e.labels())
                .withParameters(e.parameters())
                .withPriority(e.priority())
                .withExternal(e.external())
                .withTimeoutMs(e.timeoutMs())
                .withMaxAttempts(e.maxAttempts())
                .withSubmittedAt(e.occurredAt());
        boolean planStillOpen = state.stages().isEmpty() && !state.status().isTerminal();
        return planStillOpen && !e.stages().isEmpty() ? described.withStages(plan(e.stages())) : described;
    }

    private static JobState started(JobState state, JobStarted e) {
        if (e.attempt() < state.attempt()) {
            return state; // a late event of an attempt that has been superseded
        }
        if (e.attempt() == state.attempt()) {
            return state.withExecutorId(e.executorId()); // the same start seen twice
        }
        List<StageState> stages = e.stages().isEmpty()
                ? state.stages().stream().map(s -> StageState.pending(s.name(), s.weight())).toList()
                : plan(e.stages());
        return state
                .withStatus(JobStatus.RUNNING)
                .withAttempt(e.attempt())
                .withExecutorId(e.executorId())
                .withStartedAt(state.startedAt() != null ? state.startedAt() : e.occurredAt())
                .withStages(stages)
                .withCurrentStage(null)
                .withProgress(0.0)
                .withUnits(null)
                .withQueue(null)
                .withRetry(null)
                .withEta(null);
    }

    private static JobState stageStarted(JobState state, StageStarted e) {
        double weight = e.weight() != null ? e.weight() : DEFAULT_STAGE_WEIGHT;
        List<StageState> stages = updateStage(state.stages(), e.stage(), weight, s -> s
                .withStatus(s.status() == StageStatus.COMPLETED ? StageStatus.COMPLETED : StageStatus.RUNNING)
                .withStartedAt(s.startedAt() != null ? s.startedAt() : e.occurredAt()));
        return withProgressOf(running(state, e.occurredAt()).withStages(stages).withCurrentStage(e.stage()));
    }

    private static JobState progressReported(JobState state, ProgressReported e) {
        Double fraction = e.effectiveFraction();
        String stage = e.stage() != null ? e.stage() : state.currentStage();
        JobState next = running(state, e.occurredAt())
                .withUnits(e.current() != null ? units(state.units(), e) : state.units())
                .withMessage(e.message() != null ? e.message() : state.message())
                .withCounters(merged(state, e));
        if (stage == null) {
            return fraction == null ? next : next.withProgress(clamp(Math.max(next.progress(), fraction)));
        }
        List<StageState> stages = updateStage(next.stages(), stage, DEFAULT_STAGE_WEIGHT, s -> s
                .withStatus(s.status() == StageStatus.PENDING ? StageStatus.RUNNING : s.status())
                .withStartedAt(s.startedAt() != null ? s.startedAt() : e.occurredAt())
                .withFraction(fraction == null ? s.fraction() : clamp(Math.max(s.fraction(), fraction))));
        return withProgressOf(next.withStages(stages).withCurrentStage(stage));
    }

    private static JobState stageCompleted(JobState state, StageCompleted e) {
        List<StageState> stages = updateStage(state.stages(), e.stage(), DEFAULT_STAGE_WEIGHT,
                s -> completed(s, e.occurredAt()));
        String current = e.stage().equals(state.currentStage()) ? null : state.currentStage();
        return withProgressOf(running(state, e.occurredAt()).withStages(stages).withCurrentStage(current));
    }

    private static JobState finished(JobState state, JobStatus status, Instant at, Outcome outcome) {
        return state.withStatus(status).withFinishedAt(at).withOutcome(outcome).withEta(null).withRetry(null)
                .withQueue(null);
    }

    /** Activity from a job that was waiting means it runs now (external jobs may never send JobStarted). */
    private static JobState running(JobState state, Instant at) {
        if (state.status() != JobStatus.QUEUED && state.status() != JobStatus.RETRYING) {
            return state;
        }
        return state
                .withStatus(JobStatus.RUNNING)
                .withAttempt(Math.max(1, state.attempt()))
                .withStartedAt(state.startedAt() != null ? state.startedAt() : at)
                .withQueue(null);
    }

    private static List<StageState> plan(List<StagePlan> plan) {
        return plan.stream().map(p -> StageState.pending(p.name(), p.weight())).toList();
    }

    /** Applies {@code change} to the named stage, adding it to the plan first if it is not there. */
    private static List<StageState> updateStage(
            List<StageState> stages, String name, double weightIfNew, UnaryOperator<StageState> change) {
        List<StageState> updated = new ArrayList<>(stages.size() + 1);
        boolean found = false;
        for (StageState stage : stages) {
            if (stage.name().equals(name)) {
                updated.add(change.apply(stage));
                found = true;
            } else {
                updated.add(stage);
            }
        }
        if (!found) {
            updated.add(change.apply(StageState.pending(name, weightIfNew)));
        }
        return updated;
    }

    private static StageState completed(StageState stage, Instant at) {
        return stage
                .withStatus(StageStatus.COMPLETED)
                .withFraction(1.0)
                .withStartedAt(stage.startedAt() != null ? stage.startedAt() : at)
                .withCompletedAt(stage.completedAt() != null ? stage.completedAt() : at);
    }

    /** Overall progress from the stages: their weighted mean, never below what it was. */
    private static JobState withProgressOf(JobState state) {
        double totalWeight = 0;
        double done = 0;
        for (StageState stage : state.stages()) {
            totalWeight += stage.weight();
            done += stage.weight() * stage.fraction();
        }
        double weighted = totalWeight > 0 ? done / totalWeight : 0.0;
        return state.withProgress(clamp(Math.max(state.progress(), weighted)));
    }

    private static Units units(Units previous, ProgressReported e) {
        String unit = e.unit() != null ? e.unit() : previous != null ? previous.unit() : null;
        boolean sameUnit = previous != null && Objects.equals(previous.unit(), unit);
        Long total = e.total() != null ? e.total() : sameUnit ? previous.total() : null;
        Double rate = sameUnit ? previous.perSecond() : null;
        if (sameUnit && e.current() >= previous.current() && e.occurredAt().isAfter(previous.at())) {
            double seconds = Duration.between(previous.at(), e.occurredAt()).toNanos() / 1e9;
            rate = (e.current() - previous.current()) / seconds;
        }
        return new Units(e.current(), total, unit, rate, e.occurredAt());
    }

    private static Map<String, Long> merged(JobState state, ProgressReported e) {
        if (e.counters().isEmpty()) {
            return state.counters();
        }
        var counters = new HashMap<>(state.counters());
        counters.putAll(e.counters());
        return counters;
    }

    private static Resources sample(Resources previous, ResourceSampled e) {
        double peakCpu = previous == null ? e.cpuPercent() : Math.max(previous.peakCpuPercent(), e.cpuPercent());
        long peakRss = previous == null ? e.rssBytes() : Math.max(previous.peakRssBytes(), e.rssBytes());
        return new Resources(
                e.cpuPercent(), e.rssBytes(), e.readBytes(), e.writeBytes(), peakCpu, peakRss, e.occurredAt());
    }

    private static double clamp(double fraction) {
        return Double.isNaN(fraction) ? 0.0 : Math.min(1.0, Math.max(0.0, fraction));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** The artifact joins the list, replacing one of the same name in its place; a preview also becomes the latest. */
    private static JobState artifactSaved(JobState state, ArtifactSaved e) {
        Artifact saved = new Artifact(e.name(), e.mediaType(), e.sizeBytes(), e.sha256(), e.location(),
                e.thumbnail(), e.preview(), e.stage(), e.occurredAt());
        List<Artifact> artifacts = new ArrayList<>(state.artifacts());
        int same = 0;
        while (same < artifacts.size() && !artifacts.get(same).name().equals(e.name())) {
            same++;
        }
        if (same < artifacts.size()) {
            artifacts.set(same, saved);
        } else {
            artifacts.add(saved);
        }
        JobState after = state.withArtifacts(List.copyOf(artifacts));
        return e.preview() ? after.withPreview(saved) : after;
    }
}
