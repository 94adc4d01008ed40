package io.headway.aggregator.monitor;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.consumer.PartitionListener;
import io.headway.artifacts.ArtifactKeys;
import io.headway.artifacts.ArtifactStore;
import io.headway.history.HistoryRetention;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps the history to {@code headway.aggregator.history-retention}: jobs that finished longer ago are deleted from
 * PostgreSQL with everything recorded about them, then their artifacts from the artifact store, so an artifact lives
 * exactly as long as its job's history. Each instance sweeps only the partitions it folds, so several aggregators
 * never sweep the same job. Off (everything kept) unless the retention is set.
 */
@ApplicationScoped
public class HistoryRetentionSweep {

    private static final int PER_SWEEP = 500;
    private static final Logger LOG = Logger.getLogger(HistoryRetentionSweep.class);

    private final HistoryRetention history;
    private final ArtifactStore artifacts;
    private final PartitionListener partitions;
    private final Optional<Duration> retention;
    private final Clock clock;

    public HistoryRetentionSweep(HistoryRetention history, ArtifactStore artifacts,
            @Identifier(PartitionListener.NAME) PartitionListener partitions, AggregatorConfig config, Clock clock) {
        this.history = history;
        this.artifacts = artifacts;
        this.partitions = partitions;
        this.retention = config.historyRetention();
        this.clock = clock;
    }

    @Scheduled(every = "${headway.aggregator.retention-check-interval}", delayed = "${headway.aggregator."
            + "retention-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        Set<Integer> owned = partitions.owned();
        if (retention.isEmpty() || owned.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return history.finishedBefore(clock.instant().minus(retention.get()), owned, PER_SWEEP)
                .chain(jobIds -> Uni.createFrom().item(() -> withoutArtifacts(jobIds))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .chain(history::forget);
    }

    /**
     * Deletes the jobs' artifacts first: a job whose artifacts could not be deleted stays in the history, to be swept
     * again, so no artifact outlives the job it belongs to.
     */
    private List<String> withoutArtifacts(List<String> jobIds) {
        List<String> gone = new ArrayList<>();
        for (String jobId : jobIds) {
            try {
                artifacts.deleteAll(ArtifactKeys.job(jobId));
                gone.add(jobId);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Could not delete the artifacts of job %s; it stays until the next sweep: %s", jobId,
                        e.getMessage());
            }
        }
        if (!gone.isEmpty()) {
            LOG.infof("%d jobs ended more than %s ago: deleting them from the history with their artifacts",
                    gone.size(), retention.orElseThrow());
        }
        return gone;
    }
}
