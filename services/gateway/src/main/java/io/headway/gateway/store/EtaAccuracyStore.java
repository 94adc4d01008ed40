package io.headway.gateway.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How accurate the ETA has been for a tenant's jobs, from the scores the eta-predictor keeps in {@code eta_scores}:
 * per job type and checkpoint, the median and 90th-percentile absolute error of the estimated remaining time
 * (relative to the truth), and how often the range held the truth.
 */
@ApplicationScoped
public class EtaAccuracyStore {

    private static final String BY_CHECKPOINT = """
            SELECT job_type, level, count(*) AS estimates,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(estimated_ms - actual_ms)::float8
                                                           / greatest(actual_ms, 1)) AS median_error,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY abs(estimated_ms - actual_ms)::float8
                                                           / greatest(actual_ms, 1)) AS p90_error,
                   avg(CASE WHEN low_ms <= actual_ms AND actual_ms <= high_ms THEN 1.0 ELSE 0.0 END) AS held,
                   count(DISTINCT job_id) AS jobs
            FROM eta_scores WHERE tenant = $1 AND finished_at > $2
            GROUP BY job_type, level ORDER BY job_type, level
            """;

    private final Pool pool;

    public EtaAccuracyStore(Pool pool) {
        this.pool = pool;
    }

    /** The tenant's accuracy per job type, over jobs finished after {@code since}. */
    public Uni<List<TypeAccuracy>> byType(String tenant, Instant since) {
        return pool.preparedQuery(BY_CHECKPOINT).execute(Tuple.of(tenant, since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Map<String, List<Row>> byType = new LinkedHashMap<>();
                    rows.forEach(row -> byType.computeIfAbsent(row.getString("job_type"), k -> new ArrayList<>())
                            .add(row));
                    List<TypeAccuracy> types = new ArrayList<>();
                    byType.forEach((type, list) -> types.add(typeAccuracy(type, list)));
                    return types;
                });
    }

    private static TypeAccuracy typeAccuracy(String type, List<Row> rows) {
        List<CheckpointAccuracy> checkpoints = new ArrayList<>();
        long estimates = 0;
        double held = 0;
        long jobs = 0;
        for (Row row : rows) {
            long n = row.getLong("estimates");
            checkpoints.add(new CheckpointAccuracy(row.getDouble("level"), n, row.getDouble("median_error"),
                    row.getDouble("p90_error")));
            estimates += n;
            held += n * row.getNumeric("held").doubleValue();
            jobs = Math.max(jobs, row.getLong("jobs"));
        }
        return new TypeAccuracy(type, jobs, estimates == 0 ? 0 : held / estimates, checkpoints);
    }

    /**
     * @param jobs       jobs scored (the most at any one checkpoint)
     * @param rangeHeld  the share of all scored estimates whose range held the truth
     */
    public record TypeAccuracy(String jobType, long jobs, double rangeHeld, List<CheckpointAccuracy> checkpoints) {
    }

    /**
     * @param level        the progress at which the estimate was taken, 0.1 to 0.9
     * @param medianError  median |estimated − actual| / actual of the remaining time
     * @param p90Error     its 90th percentile
     */
    public record CheckpointAccuracy(double level, long estimates, double medianError, double p90Error) {
    }
}
