package io.headway.aggregator.domain;

import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.events.state.StageState;
import io.headway.events.state.StageStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds one job's share of a batch into its state: the events above the job's last applied offset, in order, with the
 * shared reducer. Pure: the caller decides what to write.
 *
 * <p>A job's events must all come on one partition, the one its first event came on: an event on another (a producer
 * that does not partition by the key as Java's client does) has an offset that says nothing about its order, so it
 * is neither folded nor taken for a redelivery but returned as {@code misrouted}, for the caller to dead-letter.
 *
 * @param job            the job afterwards
 * @param applied        the events that were new (including kinds the reducer ignores: history keeps them)
 * @param stageDurations the stages these events completed, with how long they ran
 * @param changed        whether the state a reader sees is different
 * @param misrouted      the events that came on another partition than the job's
 */
public record JobFold(FoldedJob job, List<OffsetEvent> applied, List<StageDuration> stageDurations, boolean changed,
        List<OffsetEvent> misrouted) {

    public static JobFold of(FoldedJob known, List<OffsetEvent> events) {
        JobState state = known.state();
        long lastOffset = known.lastOffset();
        int partition = known.partition();
        List<OffsetEvent> applied = new ArrayList<>();
        List<StageDuration> durations = new ArrayList<>();
        List<OffsetEvent> misrouted = new ArrayList<>();
        for (OffsetEvent next : events) {
            if (partition >= 0 && next.partition() != partition) {
                misrouted.add(next);
                continue;
            }
            partition = next.partition();
            if (next.offset() <= lastOffset) {
                continue;
            }
            JobState after = JobReducer.apply(state, next.event());
            completedStages(state, after, durations);
            state = after;
            lastOffset = next.offset();
            applied.add(next);
        }
        return new JobFold(new FoldedJob(state, lastOffset, partition), applied, durations, state != known.state(),
                misrouted);
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
        List<OffsetEvent> refused = new ArrayList<>(misrouted);
        refused.addAll(later.misrouted());
        return new JobFold(later.job(), events, durations, changed || later.changed(), refused);
    }

    /** Whether every event was at or below the last applied offset: the batch is a redelivery for this job. */
    public boolean redelivered() {
        return applied.isEmpty() && misrouted.isEmpty();
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
