package io.headway.aggregator.rebuild;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.fold.AggregateRefresher;
import io.headway.aggregator.store.LiveStateWriter;
import io.headway.events.LogBatch;
import io.headway.events.LogLine;
import io.headway.events.state.JobState;
import io.headway.history.JobHistory;
import io.headway.history.JobHistory.TenantBatch;
import io.headway.history.LogHistory;
import io.headway.history.LogHistory.JobLine;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Brings live state back when Redis has lost it (a flush, a restart without persistence): every few seconds it checks
 * for the {@code headway:live:ready} marker, and when the marker is gone it restores, from the history, the snapshot of
 * every active and recently finished job, the active sets, the aggregates and the log tails of active jobs, then sets
 * the marker again. Restores never overwrite a snapshot the fold has written meanwhile.
 */
@ApplicationScoped
public class LiveStateRebuilder {

    private static final Logger LOG = Logger.getLogger(LiveStateRebuilder.class);
    private static final int PAGE = 1000;

    private final JobHistory history;
    private final LogHistory logs;
    private final LiveStateWriter live;
    private final AggregateRefresher aggregates;
    private final AggregatorConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Clock clock;

    public LiveStateRebuilder(JobHistory history, LogHistory logs, LiveStateWriter live, AggregateRefresher aggregates,
            AggregatorConfig config, Clock clock) {
        this.clock = clock;
        this.history = history;
        this.logs = logs;
        this.live = live;
        this.aggregates = aggregates;
        this.config = config;
    }

    @Scheduled(every = "${headway.aggregator.rebuild-check-interval}", concurrentExecution =
            Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        return live.isReady().chain(ready -> ready || !running.compareAndSet(false, true)
                ? Uni.createFrom().voidItem()
                : rebuild().eventually(() -> running.set(false)));
    }

    /** Restores live state from history, then sets the marker. */
    public Uni<Void> rebuild() {
        Instant started = clock.instant();
        Instant since = started.minus(config.terminalRetention());
        Set<String> tenants = new HashSet<>();
        Set<TenantBatch> batches = new HashSet<>();
        AtomicLong jobs = new AtomicLong();
        LOG.info("Live state is missing from Redis; rebuilding it from the history");
        return restorePage(since, 0, tenants, batches, jobs)
                .chain(() -> aggregates.refresh(tenants, batches))
                .chain(live::markReady)
                .invoke(() -> LOG.infof("Rebuilt the live state of %d jobs in %d ms", jobs.get(),
                        Duration.between(started, clock.instant()).toMillis()));
    }

    private Uni<Void> restorePage(Instant since, int page, Set<String> tenants, Set<TenantBatch> batches,
            AtomicLong jobs) {
        return history.live(since, page, PAGE).chain(states -> {
            jobs.addAndGet(states.size());
            states.stream().filter(s -> s.tenant() != null).forEach(s -> {
                tenants.add(s.tenant());
                if (s.batchId() != null) {
                    batches.add(new TenantBatch(s.tenant(), s.batchId()));
                }
            });
            List<String> active = states.stream().filter(s -> !s.status().isTerminal()).map(JobState::jobId).toList();
            Uni<Void> restored = live.restoreJobs(states)
                    .chain(() -> logs.newest(active, config.logTail()))
                    .chain(lines -> live.writeLogs(batches(lines)));
            return states.size() < PAGE ? restored
                    : restored.chain(() -> restorePage(since, page + 1, tenants, batches, jobs));
        });
    }

    /** The lines as log batches of one job's attempt each, in order, as the live tail takes them. */
    private static List<LogBatch> batches(List<JobLine> lines) {
        record Key(String jobId, int attempt) {
        }
        Map<Key, List<LogLine>> byAttempt = new LinkedHashMap<>();
        lines.forEach(l -> byAttempt.computeIfAbsent(new Key(l.jobId(), l.attempt()), k -> new ArrayList<>())
                .add(l.line()));
        return byAttempt.entrySet().stream().map(e -> new LogBatch(UUID.randomUUID(), e.getKey().jobId(),
                e.getKey().attempt(), "aggregator", Instant.EPOCH, e.getValue())).toList();
    }
}
