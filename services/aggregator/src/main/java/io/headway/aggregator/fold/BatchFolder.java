package io.headway.aggregator.fold;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headway.aggregator.alert.JobMonitor;
import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.domain.FoldedJob;
import io.headway.aggregator.domain.JobFold;
import io.headway.aggregator.domain.OffsetEvent;
import io.headway.aggregator.producer.SnapshotPublisher;
import io.headway.events.state.JobState;
import io.headway.history.JobHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Where events become state: folds a batch of progress events job by job in memory, publishes every changed job's
 * snapshot at once (one per job per batch: the latest), and queues the outcome for PostgreSQL and Redis
 * ({@link DurableWrites}), which trail behind, and hands them to the {@link JobMonitor} for alerts. The live path never waits for a store: only a job seen for the first
 * time since start (or since its partition moved here) is read from PostgreSQL first.
 *
 * <p>{@link #fold} completes once the batch is published and queued (or, while history trails by more than its
 * bound, once there is room), with a stage that completes when the snapshots are on job-state and both stores hold
 * the batch: the batch is acknowledged only then, while later batches are already being folded.
 *
 * <p>Exactly once in effect: a job's events above its last applied offset are folded, the rest skipped. When a batch
 * is redelivered after a crash, its jobs' snapshots (identical, being a function of the events) are written to Redis
 * and job-state again, so a crash between any two writes still ends with every store holding the same state.
 *
 * <p>Batches are folded one at a time; job states are cached between them and forgotten when partitions move.
 */
@ApplicationScoped
public class BatchFolder {

    private final JobHistory history;
    private final DurableWrites stores;
    private final SnapshotPublisher publisher;
    private final JobMonitor monitor;
    private final Cache<String, FoldedJob> states;
    private final AtomicBoolean forget = new AtomicBoolean();
    private final Counter eventsFolded;
    private final Timer load;

    public BatchFolder(JobHistory history, DurableWrites stores, SnapshotPublisher publisher,
            JobMonitor monitor, AggregatorConfig config, MeterRegistry metrics) {
        this.history = history;
        this.stores = stores;
        this.publisher = publisher;
        this.monitor = monitor;
        // Cache upkeep on the writing thread: on the common pool it woke a thread per write (docs/benchmarks.md).
        this.states = Caffeine.newBuilder().maximumSize(config.stateCacheSize())
                .executor(Runnable::run).build();
        this.eventsFolded = Counter.builder("headway.aggregator.events").description("Progress events folded")
                .register(metrics);
        this.load = phase(metrics, "load");
    }

    /** The timer of one phase of folding a batch (load, postgres, redis), for the benchmarks and for operators. */
    static Timer phase(MeterRegistry metrics, String phase) {
        return Timer.builder("headway.aggregator.batch.phase").tag("phase", phase)
                .description("Time per batch spent in each phase of folding").register(metrics);
    }

    /** Where refused events go (dead-lettered with their reasons), and when that is done. */
    @FunctionalInterface
    public interface Refused {
        CompletionStage<Void> reject(List<JobFold.Refusal> refusals);
    }

    /**
     * Folds, publishes and queues the batch; the item is the stage that completes once it may be acknowledged.
     * Events a fold refuses ({@link JobFold}) are handed to {@code refused} instead.
     *
     * @param appended when the newest of the batch's records was written to Kafka: how far behind folding is
     * @param traced   the trace context of each traced job's latest event (empty with tracing off)
     */
    public Uni<CompletionStage<Void>> fold(List<OffsetEvent> events, Instant appended, Map<String, Context> traced,
            Refused refused) {
        if (forget.getAndSet(false)) {
            states.invalidateAll();
        }
        Map<String, List<OffsetEvent>> byJob = new LinkedHashMap<>();
        events.forEach(e -> byJob.computeIfAbsent(e.event().jobId(), id -> new ArrayList<>()).add(e));
        long started = System.nanoTime();
        return known(byJob.keySet()).map(known -> {
            load.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            List<JobFold> folds = byJob.entrySet().stream()
                    .map(e -> JobFold.of(known.get(e.getKey()), e.getValue()))
                    .toList();
            List<JobState> visible = folds.stream()
                    .filter(f -> (f.changed() || f.redelivered()) && f.job().hasState())
                    .map(f -> f.job().state())
                    .toList();
            folds.forEach(f -> states.put(f.job().state().jobId(), f.job()));
            CompletionStage<Void> published = publisher.publish(visible, this::current, traced);
            monitor.folded(folds.stream().filter(f -> f.changed() && f.job().hasState()).toList(), appended);
            CompletionStage<Void> written = stores.write(folds, visible);
            List<CompletableFuture<Void>> rejected = folds.stream().filter(f -> !f.refused().isEmpty())
                    .map(f -> refused.reject(f.refused()).toCompletableFuture())
                    .toList();
            eventsFolded.increment(events.size());
            List<CompletableFuture<Void>> all = new ArrayList<>(rejected);
            all.add(published.toCompletableFuture());
            all.add(written.toCompletableFuture());
            return (CompletionStage<Void>) CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        }).call(stores::room);
    }

    /** Forgets cached states before the next batch: the partitions they came from may now be another's. */
    public void forgetStates() {
        forget.set(true);
    }

    /** The job's latest folded state, for a snapshot that must be published again. */
    private JobState current(String jobId) {
        FoldedJob job = states.getIfPresent(jobId);
        return job == null ? null : job.state();
    }

    private Uni<Map<String, FoldedJob>> known(Set<String> jobIds) {
        Map<String, FoldedJob> known = new HashMap<>(states.getAllPresent(jobIds));
        for (String jobId : jobIds) {
            FoldedJob unwritten = known.containsKey(jobId) ? null : stores.unwritten(jobId);
            if (unwritten != null) {
                known.put(jobId, unwritten);
            }
        }
        Set<String> missing = jobIds.stream().filter(id -> !known.containsKey(id)).collect(Collectors.toSet());
        if (missing.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        return history.jobs(missing).map(loaded -> {
            loaded.forEach((id, stored) -> known.put(id, new FoldedJob(stored.state(), stored.lastOffset(),
                    stored.partition())));
            missing.forEach(id -> known.putIfAbsent(id, FoldedJob.unknown(id)));
            return known;
        });
    }
}
