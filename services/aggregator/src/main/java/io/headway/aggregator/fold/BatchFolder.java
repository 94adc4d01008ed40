package io.headway.aggregator.fold;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.domain.FoldedJob;
import io.headway.aggregator.domain.JobFold;
import io.headway.aggregator.domain.OffsetEvent;
import io.headway.aggregator.domain.SnapshotCoalescer;
import io.headway.aggregator.producer.SnapshotPublisher;
import io.headway.aggregator.store.HistoryReader;
import io.headway.aggregator.store.HistoryWriter;
import io.headway.aggregator.store.LiveStateWriter;
import io.headway.events.JobSnapshot;
import io.headway.events.state.JobState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Where events become state: folds a batch of progress events, job by job, and writes the outcome everywhere it
 * belongs, in this order: PostgreSQL (one transaction), Redis (one pipeline), the aggregates of the tenants and
 * batches it touched, then the coalesced snapshots on job-state. The returned Uni completes when all of it is done,
 * and only then is the batch acknowledged.
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
    private final SnapshotCoalescer coalescer;
    private final Cache<String, FoldedJob> states;
    private final AtomicBoolean forget = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();

    public BatchFolder(HistoryReader historyReader, HistoryWriter historyWriter, LiveStateWriter live,
            AggregateRefresher aggregates, SnapshotPublisher publisher, AggregatorConfig config) {
        this.historyReader = historyReader;
        this.historyWriter = historyWriter;
        this.live = live;
        this.aggregates = aggregates;
        this.publisher = publisher;
        this.coalescer = new SnapshotCoalescer(config.snapshotInterval());
        this.states = Caffeine.newBuilder().maximumSize(config.stateCacheSize()).build();
    }

    public Uni<Void> fold(List<OffsetEvent> events) {
        if (forget.getAndSet(false)) {
            states.invalidateAll();
            coalescer.clear();
        }
        Map<String, List<OffsetEvent>> byJob = new LinkedHashMap<>();
        events.forEach(e -> byJob.computeIfAbsent(e.event().jobId(), id -> new ArrayList<>()).add(e));
        return known(byJob.keySet()).chain(known -> {
            List<JobFold> folds = byJob.entrySet().stream()
                    .map(e -> JobFold.of(known.get(e.getKey()), e.getValue()))
                    .toList();
            List<JobState> visible = folds.stream()
                    .filter(f -> (f.changed() || f.redelivered()) && f.job().hasState())
                    .map(f -> f.job().state())
                    .toList();
            return historyWriter.write(folds)
                    .invoke(() -> folds.forEach(f -> states.put(f.job().state().jobId(), f.job())))
                    .call(() -> live.writeJobs(visible))
                    .call(() -> aggregates.refresh(visible))
                    .call(() -> publish(visible));
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

    /** Publishes each snapshot as soon as the coalescer allows, and completes when all are out. */
    private Uni<Void> publish(List<JobState> visible) {
        Instant now = clock.instant();
        Map<Instant, List<JobSnapshot>> byTime = new HashMap<>();
        for (JobState state : visible) {
            byTime.computeIfAbsent(coalescer.publishAt(state, now), t -> new ArrayList<>()).add(JobSnapshot.of(state));
        }
        List<Uni<Void>> sends = byTime.entrySet().stream().map(e -> {
            Duration wait = Duration.between(now, e.getKey());
            Uni<Void> send = publisher.publish(e.getValue())
                    .invoke(() -> e.getValue().forEach(s -> coalescer.published(s.state(), e.getKey())));
            return wait.isPositive() ? Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> send)
                    : send;
        }).toList();
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
