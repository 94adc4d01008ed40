package io.headway.aggregator.fold;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.store.HistoryReader;
import io.headway.aggregator.store.HistoryReader.TenantBatch;
import io.headway.aggregator.store.LiveStateWriter;
import io.headway.events.state.JobState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recomputes the queue counts of the tenants, and the progress of the batches, that changed jobs belong to, from the
 * history, and writes them to Redis. Counting from the source of truth, rather than adding deltas in Redis, keeps the
 * aggregates exact across crashes and replays.
 */
@ApplicationScoped
public class AggregateRefresher {

    private final HistoryReader history;
    private final LiveStateWriter live;
    private final AggregatorConfig config;
    private final Clock clock = Clock.systemUTC();

    public AggregateRefresher(HistoryReader history, LiveStateWriter live, AggregatorConfig config) {
        this.history = history;
        this.live = live;
        this.config = config;
    }

    /** The aggregates the given jobs are part of. */
    public Uni<Void> refresh(Collection<JobState> changed) {
        Set<String> tenants = changed.stream().map(JobState::tenant).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Set<TenantBatch> batches = changed.stream()
                .filter(s -> s.tenant() != null && s.batchId() != null)
                .map(s -> new TenantBatch(s.tenant(), s.batchId()))
                .collect(Collectors.toSet());
        return refresh(tenants, batches);
    }

    public Uni<Void> refresh(Set<String> tenants, Set<TenantBatch> batches) {
        if (tenants.isEmpty() && batches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // One after the other: Panache sessions are bound to the Vert.x context and must not overlap on it.
        return history.queueCounts(tenants, clock.instant().minus(config.terminalRetention()))
                .chain(queues -> history.batches(batches).chain(progress -> live.writeAggregates(queues, progress)));
    }
}
