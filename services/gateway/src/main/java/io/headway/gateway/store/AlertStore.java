package io.headway.gateway.store;

import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.gateway.domain.AlertView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the alerts the aggregator (and the delivery worker) record with {@code AlertHistory}, one tenant at a time. */
@ApplicationScoped
public class AlertStore {

    private static final String COLUMNS = "alert_id, job_id, job_type, kind, rule_id, severity, state, message, "
            + "raised_at, updated_at, resolved_at";

    private final Pool pool;

    public AlertStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<AlertView>> search(AlertQuery query) {
        List<String> where = new ArrayList<>(List.of("tenant = $1"));
        Tuple parameters = Tuple.of(query.tenant());
        if (query.openOnly()) {
            where.add("state <> 'RESOLVED'");
        }
        if (!query.states().isEmpty()) {
            parameters.addValue(query.states().stream().map(Enum::name).toArray(String[]::new));
            where.add("state = ANY($" + parameters.size() + ")");
        }
        if (query.kind() != null) {
            parameters.addValue(query.kind());
            where.add("kind = $" + parameters.size());
        }
        if (query.severity() != null) {
            parameters.addValue(query.severity().name());
            where.add("severity = $" + parameters.size());
        }
        if (query.jobId() != null) {
            parameters.addValue(query.jobId());
            where.add("job_id = $" + parameters.size());
        }
        if (query.since() != null) {
            parameters.addValue(Rows.utc(query.since()));
            where.add("raised_at >= $" + parameters.size());
        }
        if (query.after() != null) {
            parameters.addValue(Rows.utc(query.after().raisedAt()));
            parameters.addValue(query.after().alertId());
            where.add("(raised_at, alert_id) < ($" + (parameters.size() - 1) + ", $" + parameters.size() + ")");
        }
        parameters.addValue(query.limit());
        String sql = "SELECT " + COLUMNS + " FROM alerts WHERE " + String.join(" AND ", where)
                + " ORDER BY raised_at DESC, alert_id DESC LIMIT $" + parameters.size();
        return pool.preparedQuery(sql).execute(parameters).map(rows -> Rows.all(rows, AlertStore::alert));
    }

    /** One of the tenant's alerts with its changes in order; empty for another tenant's. */
    public Uni<Optional<AlertView>> find(String tenant, UUID alertId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alerts WHERE alert_id = $1 AND tenant = $2")
                .execute(Tuple.of(alertId, tenant))
                .map(rows -> Rows.first(rows, AlertStore::alert))
                .chain(found -> found.isEmpty() ? Uni.createFrom().item(found) : pool.preparedQuery(
                        "SELECT state, message, at FROM alert_changes WHERE alert_id = $1 ORDER BY at, state")
                        .execute(Tuple.of(alertId))
                        .map(rows -> Optional.of(found.get().withChanges(Rows.all(rows, row -> new AlertView.Change(
                                AlertState.valueOf(row.getString("state")), row.getString("message"),
                                Rows.instant(row, "at")))))));
    }

    private static AlertView alert(Row row) {
        return new AlertView(row.getUUID("alert_id"), row.getString("job_id"), row.getString("job_type"),
                row.getString("kind"), row.getUUID("rule_id"), AlertSeverity.valueOf(row.getString("severity")),
                AlertState.valueOf(row.getString("state")), row.getString("message"), Rows.instant(row, "raised_at"),
                Rows.instant(row, "updated_at"), Rows.instant(row, "resolved_at"), null);
    }
}
