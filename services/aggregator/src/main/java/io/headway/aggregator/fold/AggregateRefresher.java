package io.headway.aggregator.fold;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.store.LiveStateWriter;
import io.headway.events.state.JobState;
import io.headway.history.JobHistory;
import io.headway.history.JobHistory.TenantBatch;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the queue counts of tenants and the progress of batches in Redis, recounted from the history rather than
 * adjusted by deltas, which would drift after a crash or a replay. Folding marks what changed; every
 * {@code aggregate-interval} the marked tenants and batches are recounted in two queries. At start, every tenant and
 * batch with live jobs is marked, so aggregates a crash left stale are corrected.
 */
@ApplicationScoped
public class AggregateRefresher {

    private final JobHistory history;
    private final LiveStateWriter live;
    private final AggregatorConfig config;
    private final Set<String> changedTenants = ConcurrentHashMap.newKeySet();
    private final Set<TenantBatch> changedBatches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean startedUp = new AtomicBoolean();
    private final Clock clock;

    public AggregateRefresher(JobHistory history, LiveStateWriter live, AggregatorConfig config, Clock clock) {
        this.clock = clock;
        this.history = history;
        this.live = live;
        this.config = config;
    }

    /** Marks the tenants and batches of these jobs for recounting. */
    public void markChanged(Collection<JobState> changed) {
        for (JobState state : changed) {
            if (state.tenant() != null) {
                changedTenants.add(state.tenant());
                if (state.batchId() != null) {
                    changedBatches.add(new TenantBatch(state.tenant(), state.batchId()));
                }
            }
        }
    }

    @Scheduled(every = "${headway.aggregator.aggregate-interval}", concurrentExecution =
            Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshChanged() {
        Uni<Void> marked = startedUp.getAndSet(true) ? Uni.createFrom().voidItem()
                : history.liveBatches(since()).invoke(all -> all.forEach(b -> {
                    changedTenants.add(b.tenant());
                    if (b.batchId() != null) {
                        changedBatches.add(b);
                    }
                })).replaceWithVoid();
        return marked.chain(() -> {
            Set<String> tenants = take(changedTenants);
            Set<TenantBatch> batches = take(changedBatches);
            return refresh(tenants, batches).onFailure().invoke(() -> {
                changedTenants.addAll(tenants);
                changedBatches.addAll(batches);
            });
        });
    }

    /** Recounts these tenants and batches now. */
    public Uni<Void> refresh(Set<String> tenants, Set<TenantBatch> batches) {
        if (tenants.isEmpty() && batches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // One after the other: Panache sessions are bound to the Vert.x context and must not overlap on it.
        return history.queueCounts(tenants, since())
                .chain(queues -> history.batches(batches).chain(progress -> live.writeAggregates(queues, progress)));
    }

    private Instant since() {
        return clock.instant().minus(config.terminalRetention());
    }

    private static <T> Set<T> take(Set<T> marked) {
        Set<T> taken = new HashSet<>(marked);
        marked.removeAll(taken);
        return taken;
    }
}
