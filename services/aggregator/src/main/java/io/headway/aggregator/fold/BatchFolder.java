package io.headway.aggregator.fold;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.domain.FoldedJob;
import io.headway.aggregator.domain.JobFold;
import io.headway.aggregator.domain.OffsetEvent;
import io.headway.aggregator.producer.SnapshotPublisher;
import io.headway.aggregator.store.HistoryReader;
import io.headway.aggregator.store.HistoryWriter;
import io.headway.aggregator.store.LiveStateWriter;
import io.headway.events.state.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where events become state: folds a batch of progress events, job by job, and writes the outcome everywhere it
 * belongs: the changed snapshots to the coalescing publisher at once, then PostgreSQL (one transaction) and Redis (one
 * pipeline); the tenants and batches it touched are marked for their aggregates to be recounted.
 *
 * <p>{@link #fold} completes when history and live state are written, with a stage that completes once the batch's
 * snapshots are on job-state: the batch is acknowledged only then, while the next batch is already being folded.
 *
 * <p>Exactly once in effect: a job's events above its last applied offset are folded, the rest skipped. When a batch
 * is redelivered after a crash, its jobs' snapshots (identical, being a function of the events) are written to Redis
 * and job-state again, so a crash between any two writes still ends with every store holding the same state.
 *
 * <p>Batches are folded one at a time; job states are cached between them and forgotten when partitions move.
 */
@ApplicationScoped
public class BatchFolder {

    private final HistoryReader historyReader;
    private final HistoryWriter historyWriter;
    private final LiveStateWriter live;
    private final AggregateRefresher aggregates;
    private final SnapshotPublisher publisher;
    private final Cache<String, FoldedJob> states;
    private final AtomicBoolean forget = new AtomicBoolean();
    private final MeterRegistry metrics;
    private final Counter eventsFolded;

    public BatchFolder(HistoryReader historyReader, HistoryWriter historyWriter, LiveStateWriter live,
            AggregateRefresher aggregates, SnapshotPublisher publisher, AggregatorConfig config,
            MeterRegistry metrics) {
        this.historyReader = historyReader;
        this.historyWriter = historyWriter;
        this.live = live;
        this.aggregates = aggregates;
        this.publisher = publisher;
        this.states = Caffeine.newBuilder().maximumSize(config.stateCacheSize()).build();
        this.metrics = metrics;
        this.eventsFolded = Counter.builder("headway.aggregator.events").description("Progress events folded")
                .register(metrics);
    }

    /** Folds and writes the batch; the item is the stage that completes once its snapshots are published. */
    public Uni<CompletionStage<Void>> fold(List<OffsetEvent> events) {
        if (forget.getAndSet(false)) {
            states.invalidateAll();
        }
        Map<String, List<OffsetEvent>> byJob = new LinkedHashMap<>();
        events.forEach(e -> byJob.computeIfAbsent(e.event().jobId(), id -> new ArrayList<>()).add(e));
        return timed("load", () -> known(byJob.keySet())).chain(known -> {
            List<JobFold> folds = byJob.entrySet().stream()
                    .map(e -> JobFold.of(known.get(e.getKey()), e.getValue()))
                    .toList();
            List<JobState> visible = folds.stream()
                    .filter(f -> (f.changed() || f.redelivered()) && f.job().hasState())
                    .map(f -> f.job().state())
                    .toList();
            // Snapshots first: they are a function of the events, so publishing before the stores are written costs
            // nothing on a crash (the redelivered batch publishes the same bytes) and keeps PostgreSQL out of the
            // latency every live client sees.
            CompletionStage<Void> published = publisher.publish(visible);
            return timed("postgres", () -> historyWriter.write(folds))
                    .invoke(() -> folds.forEach(f -> states.put(f.job().state().jobId(), f.job())))
                    .call(() -> timed("redis", () -> live.writeJobs(visible)))
                    .invoke(() -> aggregates.markChanged(visible))
                    .invoke(() -> eventsFolded.increment(events.size()))
                    .map(written -> published);
        });
    }

    /** Forgets cached states before the next batch: the partitions they came from may now be another's. */
    public void forgetStates() {
        forget.set(true);
    }

    private Uni<Map<String, FoldedJob>> known(Set<String> jobIds) {
        Map<String, FoldedJob> known = new HashMap<>(states.getAllPresent(jobIds));
        Set<String> missing = jobIds.stream().filter(id -> !known.containsKey(id)).collect(Collectors.toSet());
        return historyReader.load(missing).map(loaded -> {
            known.putAll(loaded);
            missing.forEach(id -> known.putIfAbsent(id, FoldedJob.unknown(id)));
            return known;
        });
    }

    /** Runs one phase of a batch and records how long it took, for the benchmark and for operators. */
    private <T> Uni<T> timed(String phase, Supplier<Uni<T>> work) {
        Timer timer = Timer.builder("headway.aggregator.batch.phase").tag("phase", phase)
                .description("Time per batch spent in each phase of folding").register(metrics);
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return work.get().eventually(() -> timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        });
    }
}
