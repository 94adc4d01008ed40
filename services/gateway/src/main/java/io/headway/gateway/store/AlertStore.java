package io.headway.gateway.store;

import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.gateway.domain.AlertView;
import io.headway.history.sql.Conditions;
import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
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
        Conditions where = new Conditions().and("tenant = ?", query.tenant());
        if (query.openOnly()) {
            where.and("state <> 'RESOLVED'");
        }
        if (!query.states().isEmpty()) {
            where.and("state = ANY(?)", (Object) query.states().stream().map(Enum::name).toArray(String[]::new));
        }
        where.andIfPresent("kind = ?", query.kind())
                .andIfPresent("severity = ?", query.severity() == null ? null : query.severity().name())
                .andIfPresent("job_id = ?", query.jobId())
                .andIfPresent("raised_at >= ?", Rows.utc(query.since()));
        if (query.after() != null) {
            where.and("(raised_at, alert_id) < (?, ?)", Rows.utc(query.after().raisedAt()), query.after().alertId());
        }
        String sql = where.statement("SELECT " + COLUMNS + " FROM alerts",
                "ORDER BY raised_at DESC, alert_id DESC LIMIT ?", query.limit());
        return pool.preparedQuery(sql).execute(where.parameters()).map(rows -> Rows.all(rows, AlertStore::alert));
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
