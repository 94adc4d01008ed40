package io.headway.examples.analytics;

import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.JobTimedOut;
import io.headway.events.ProgressEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Per job type: how many jobs ended and how, and how long their runs took, from the first {@code JobStarted} to the
 * terminal event (retries included). Fed the events of {@code headway.progress} in the order of each partition, which
 * is each job's order; other event kinds pass by. Not thread-safe: one consumer thread feeds it.
 */
public final class TypeStats {

    /** What is remembered of a job until it ends. */
    private record Open(String type, Instant startedAt) {
    }

    /** One type's outcomes so far. */
    public static final class Outcomes {
        private long succeeded;
        private long failed;
        private long cancelled;
        private long timedOut;
        private final Histogram runMillis = new Histogram(Duration.ofDays(7).toMillis(), 3);

        public long ended() {
            return succeeded + failed + cancelled + timedOut;
        }

        public long succeeded() {
            return succeeded;
        }

        /** The share of ended jobs that succeeded, 0 to 1. */
        public double successRate() {
            return ended() == 0 ? 0 : (double) succeeded / ended();
        }

        /** The run time below which {@code percentile} % of the ended runs took, in milliseconds; 0 with none. */
        public long runMillisAt(double percentile) {
            return runMillis.getValueAtPercentile(percentile);
        }
    }

    private final Map<String, Open> open = new HashMap<>();
    private final Map<String, Outcomes> byType = new TreeMap<>();

    public void accept(ProgressEvent event) {
        switch (event) {
            case JobSubmitted submitted -> open.put(submitted.jobId(), new Open(submitted.jobType(), null));
            case JobStarted started -> open.computeIfPresent(started.jobId(), (id, job) ->
                    job.startedAt() == null ? new Open(job.type(), started.occurredAt()) : job);
            case JobSucceeded e -> ended(e, outcomes -> outcomes.succeeded++);
            case JobFailed e -> ended(e, outcomes -> outcomes.failed++);
            case JobCancelled e -> ended(e, outcomes -> outcomes.cancelled++);
            case JobTimedOut e -> ended(e, outcomes -> outcomes.timedOut++);
            default -> {
                // progress, stages, resources, estimates: not needed here
            }
        }
    }

    /** Every type seen to end a job, by name. */
    public Map<String, Outcomes> byType() {
        return byType;
    }

    /** Jobs submitted and not ended yet (or submitted before this consumer started reading). */
    public int openJobs() {
        return open.size();
    }

    private void ended(ProgressEvent terminal, Consumer<Outcomes> count) {
        Open job = open.remove(terminal.jobId());
        if (job == null) {
            return; // submitted before this consumer's first record: its type is unknown
        }
        Outcomes outcomes = byType.computeIfAbsent(job.type(), type -> new Outcomes());
        count.accept(outcomes);
        if (job.startedAt() != null) {
            outcomes.runMillis.recordValue(Math.max(0,
                    Duration.between(job.startedAt(), terminal.occurredAt()).toMillis()));
        }
    }
}
