package io.headway.history;

import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Forgets jobs that ended long ago: the job's row and everything recorded about it (events, log lines, stage
 * durations, ETA scores, alerts and their changes), in one transaction, so a job is either wholly in the history or
 * not at all. Unfinished jobs are never touched. Whoever calls it deletes what the job kept elsewhere (its artifacts)
 * first, between {@link #finishedBefore} and {@link #forget}, so nothing is left behind that no job refers to.
 */
@ApplicationScoped
public class HistoryRetention {

    private static final String EXPIRED = """
            SELECT job_id FROM jobs WHERE finished_at < $1 AND kafka_partition = ANY($2)
            ORDER BY finished_at LIMIT $3""";
    private static final List<String> RECORDED_ABOUT_A_JOB = List.of("job_events", "job_logs", "stage_durations",
            "eta_scores", "alerts", "jobs");

    private final Pool pool;

    public HistoryRetention(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} jobs of these partitions that finished before {@code before}, oldest first. */
    public Uni<List<String>> finishedBefore(Instant before, Set<Integer> partitions, int limit) {
        return pool.preparedQuery(EXPIRED)
                .execute(Tuple.of(Rows.utc(before), partitions.toArray(Integer[]::new), limit))
                .map(rows -> Rows.all(rows, row -> row.getString(0)));
    }

    /** Deletes these jobs and everything recorded about them, in one transaction. */
    public Uni<Void> forget(List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Object ids = jobIds.toArray(String[]::new);
        return pool.withTransaction(connection -> {
            Uni<Void> deletes = Uni.createFrom().voidItem();
            for (String table : RECORDED_ABOUT_A_JOB) {
                deletes = deletes.chain(() -> connection.preparedQuery("DELETE FROM " + table
                        + " WHERE job_id = ANY($1)").execute(Tuple.of(ids)).replaceWithVoid());
            }
            return deletes;
        });
    }
}
