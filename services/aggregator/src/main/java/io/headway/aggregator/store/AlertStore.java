package io.headway.aggregator.store;

import io.headway.aggregator.alert.Baseline;
import io.headway.aggregator.alert.ThresholdRule;
import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.history.AlertHistory;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the alert monitor reads from and writes to the history: the open alerts of its partitions' active jobs (after a
 * start or a rebalance; the jobs themselves come from {@link io.headway.history.JobHistory#activeJobs}), the tenants' threshold rules, what each job type usually does, and every
 * alert change (with its deliveries, through {@link AlertHistory}).
 */
@ApplicationScoped
public class AlertStore {

    private static final String OPEN_ALERTS = """
            SELECT alert_id, job_id, tenant, kind, rule_id, severity, state, message, raised_at, updated_at
            FROM alerts WHERE state <> 'RESOLVED' AND job_id = ANY($1)""";

    private static final String RULES = """
            SELECT rule_id, tenant, name, job_type, metric, comparison, threshold, for_ms, severity FROM alert_rules""";

    /**
     * How long the type's (or, with $3, the same parameters') latest successful jobs took, start to success, and the
     * longest each waited between two progress reports (the reducer keeps it in the snapshot). Jobs with the same
     * parameters are looked for among the type's latest {@value #SCANNED} only: a type with a long history and
     * parameters it never ran with would otherwise be read whole.
     */
    private static final String USUAL = """
            SELECT count(*), percentile_cont(0.9) WITHIN GROUP (ORDER BY ms),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY quiet)
            FROM (
                SELECT ms, quiet FROM (
                    SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms,
                           (snapshot -> 'state' ->> 'longestQuietMs')::bigint AS quiet,
                           snapshot -> 'state' -> 'parameters' AS parameters, finished_at
                    FROM jobs
                    WHERE tenant = $1 AND job_type = $2 AND status = 'SUCCEEDED' AND started_at IS NOT NULL
                    ORDER BY finished_at DESC LIMIT $5) latest
                WHERE $3::jsonb IS NULL OR parameters = $3::jsonb
                ORDER BY finished_at DESC LIMIT $4) recent""";

    private static final int SCANNED = 1000;
    private static final int PER_WRITE = 500;

    private final Pool pool;

    public AlertStore(Pool pool) {
        this.pool = pool;
    }

    /** The open alerts of these jobs. */
    public Uni<List<Alert>> openAlerts(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(OPEN_ALERTS).execute(Tuple.of(jobIds.toArray(String[]::new))).map(rows -> {
            List<Alert> open = new ArrayList<>();
            for (Row row : rows) {
                Object ruleId = row.getValue("rule_id");
                open.add(new Alert(row.getUUID("alert_id"), row.getString("job_id"), row.getString("tenant"),
                        row.getString("kind"), AlertSeverity.valueOf(row.getString("severity")),
                        AlertState.valueOf(row.getString("state")), row.getString("message"),
                        ruleId == null ? null : ruleId.toString(), row.getOffsetDateTime("raised_at").toInstant(),
                        row.getOffsetDateTime("updated_at").toInstant()));
            }
            return open;
        });
    }

    /** Every tenant's threshold rules. */
    public Uni<List<ThresholdRule>> rules() {
        return pool.query(RULES).execute().map(rows -> {
            List<ThresholdRule> rules = new ArrayList<>();
            for (Row row : rows) {
                rules.add(new ThresholdRule(row.getUUID("rule_id").toString(), row.getString("tenant"),
                        row.getString("name"), row.getString("job_type"), row.getString("metric"),
                        ThresholdRule.Comparison.of(row.getString("comparison")), row.getDouble("threshold"),
                        Duration.ofMillis(row.getLong("for_ms")), AlertSeverity.valueOf(row.getString("severity"))));
            }
            return rules;
        });
    }

    /**
     * What jobs of the type usually do, learnt from the latest {@code depth} successful ones: their durations from
     * those with the job's own parameters when at least {@code enough} of them ran, else from the whole type; their
     * longest wait from the whole type.
     */
    public Uni<Baseline> baseline(String tenant, String jobType, Map<String, String> parameters, int depth,
            int enough) {
        return usual(tenant, jobType, new JsonObject(Map.copyOf(parameters)), depth)
                .chain(same -> usual(tenant, jobType, null, depth).map(type -> same.samples() >= enough
                        ? new Baseline(same.samples(), same.p90Duration(), type.longestGap(), true)
                        : type));
    }

    private Uni<Baseline> usual(String tenant, String jobType, JsonObject parameters, int depth) {
        return pool.preparedQuery(USUAL).execute(Tuple.of(tenant, jobType, parameters, depth, SCANNED)).map(rows -> {
            Row row = rows.iterator().next();
            return new Baseline(row.getLong(0).intValue(), millis(row.getDouble(1)), millis(row.getDouble(2)),
                    parameters != null);
        });
    }

    private static Duration millis(Double value) {
        return value == null ? null : Duration.ofMillis(Math.round(value));
    }

    /**
     * Records the changes, each with its deliveries, in order: in transactions of at most {@value #PER_WRITE}, so a
     * burst (thousands of jobs stalled at once) never holds the event loop or a connection for long.
     */
    public Uni<Void> record(List<Alert> changes, Map<String, String> jobTypes) {
        Uni<Void> written = Uni.createFrom().voidItem();
        for (int from = 0; from < changes.size(); from += PER_WRITE) {
            List<Alert> part = changes.subList(from, Math.min(changes.size(), from + PER_WRITE));
            written = written.chain(() -> pool.withTransaction(tx -> AlertHistory.record(tx, part,
                    alert -> alert.jobId() == null ? null : jobTypes.get(alert.jobId()))));
        }
        return written;
    }
}
