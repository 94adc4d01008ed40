package io.headway.aggregator.domain;

import io.headway.events.EtaEstimated;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressEvent;
import io.headway.events.ResourceSampled;
import io.headway.events.state.JobBounds;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.events.state.StageState;
import io.headway.events.state.StageStatus;
import io.headway.history.StageDuration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds one job's share of a batch into its state: the events above the job's last applied offset, in order, with the
 * shared reducer. Pure: the caller decides what to write.
 *
 * <p>Some events are refused, neither folded nor taken for a redelivery, and returned with the reason for the caller
 * to dead-letter:
 * <ul>
 *   <li>an event on another partition than the job's first one (a producer that does not partition by the key as
 *   Java's client does): its offset says nothing about its order;</li>
 *   <li>an event of a job that was never submitted (no {@code JobSubmitted} came before it): it would make a job with
 *   no tenant;</li>
 *   <li>an event after the job's end, except an estimate or a resource sample, which may race with the end
 *   harmlessly (the reducer ignores them) and a {@code JobSubmitted}, which the reducer decides about;</li>
 *   <li>an event that would take the job beyond a {@link JobBounds bound} (too many counters or stages).</li>
 * </ul>
 *
 * @param job            the job afterwards
 * @param applied        the events that were new (including kinds the reducer ignores: history keeps them)
 * @param stageDurations the stages these events completed, with how long they ran
 * @param changed        whether the state a reader sees is different
 * @param ended          whether the job reached its end with these events (not: was over before them)
 * @param refused        the events refused, each with why
 */
public record JobFold(FoldedJob job, List<OffsetEvent> applied, List<StageDuration> stageDurations, boolean changed,
        boolean ended, List<Refusal> refused) {

    /** An event that is not folded, and why, for the dead-letter record. */
    public record Refusal(OffsetEvent event, String reason) {
    }

    public static JobFold of(FoldedJob known, List<OffsetEvent> events) {
        JobState state = known.state();
        long lastOffset = known.lastOffset();
        int partition = known.partition();
        List<OffsetEvent> applied = new ArrayList<>();
        List<StageDuration> durations = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (OffsetEvent next : events) {
            if (partition >= 0 && next.partition() != partition) {
                refused.add(new Refusal(next, misrouted(next, partition)));
                continue;
            }
            if (next.offset() <= lastOffset) {
                continue;
            }
            String refusal = refusal(state, next.event());
            if (refusal != null) {
                refused.add(new Refusal(next, refusal));
                continue;
            }
            JobState after = JobReducer.apply(state, next.event());
            String beyond = JobBounds.exceeded(state, after);
            if (beyond != null) {
                refused.add(new Refusal(next, beyond + "; this " + next.event().type() + " is not folded"));
                continue;
            }
            partition = next.partition();
            completedStages(state, after, durations);
            state = after;
            lastOffset = next.offset();
            applied.add(next);
        }
        return new JobFold(new FoldedJob(state, lastOffset, partition), applied, durations, state != known.state(),
                !known.state().status().isTerminal() && state.status().isTerminal(), refused);
    }

    private static String refusal(JobState state, ProgressEvent event) {
        if (state.eventCount() == 0 && !(event instanceof JobSubmitted)) {
            return "job " + event.jobId() + " was never submitted: no JobSubmitted came before this " + event.type()
                    + ", and events of an unknown job are not folded (it would have no tenant)";
        }
        if (state.status().isTerminal() && !(event instanceof JobSubmitted || event instanceof EtaEstimated
                || event instanceof ResourceSampled)) {
            return "job " + event.jobId() + " had already ended (" + state.status() + "); a " + event.type()
                    + " after its end is not folded";
        }
        return null;
    }

    private static String misrouted(OffsetEvent event, int partition) {
        return "job " + event.event().jobId() + " is read from partition " + partition + ", but this event came on "
                + "partition " + event.partition() + ": offsets order a job's events only within one partition. "
                + "Produce every record keyed by its job id with Java's partitioner (murmur2; librdkafka: "
                + "partitioner=murmur2_random)";
    }

    /**
     * This fold followed by a later one of the same job, as if both batches had been one: the later job state, every
     * applied event and completed stage of both, in order.
     */
    public JobFold then(JobFold later) {
        if (!later.job().state().jobId().equals(job.state().jobId())) {
            throw new IllegalArgumentException("folds of different jobs: " + job.state().jobId() + ", "
                    + later.job().state().jobId());
        }
        List<OffsetEvent> events = new ArrayList<>(applied);
        events.addAll(later.applied());
        List<StageDuration> durations = new ArrayList<>(stageDurations);
        durations.addAll(later.stageDurations());
        List<Refusal> refusals = new ArrayList<>(refused);
        refusals.addAll(later.refused());
        return new JobFold(later.job(), events, durations, changed || later.changed(), ended || later.ended(),
                refusals);
    }

    /**
     * When the job last reported itself in these events: the latest applied event from its own code or executor, not
     * the platform's estimates (which keep coming for a silent job); null when there is none.
     */
    public Instant reportedAt() {
        Instant latest = null;
        for (OffsetEvent event : applied) {
            if (!(event.event() instanceof EtaEstimated) && (latest == null
                    || event.event().occurredAt().isAfter(latest))) {
                latest = event.event().occurredAt();
            }
        }
        return latest;
    }

    /** Whether every event was at or below the last applied offset: the batch is a redelivery for this job. */
    public boolean redelivered() {
        return applied.isEmpty() && refused.isEmpty();
    }

    private static void completedStages(JobState before, JobState after, List<StageDuration> into) {
        if (before.attempt() != after.attempt()) {
            return;
        }
        for (StageState stage : after.stages()) {
            if (stage.status() != StageStatus.COMPLETED) {
                continue;
            }
            before.stages().stream()
                    .filter(s -> s.name().equals(stage.name()))
                    .filter(s -> s.status() != StageStatus.COMPLETED && s.startedAt() != null)
                    .findFirst()
                    .ifPresent(s -> into.add(new StageDuration(after.jobId(), after.attempt(), stage.name(),
                            after.tenant(), after.jobType(), stage.weight(), s.startedAt(), stage.completedAt())));
        }
    }
}
