package io.headway.gateway.store;

import io.headway.events.AlertSeverity;
import io.headway.gateway.domain.AlertRule;
import io.headway.gateway.domain.AlertRuleDefinition;
import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenants' threshold rules ({@code alert_rules}); the aggregator reads them, the API writes them. */
@ApplicationScoped
public class AlertRuleStore {

    private static final String COLUMNS = "rule_id, name, job_type, metric, comparison, threshold, for_ms, severity, "
            + "created_at";

    private final Pool pool;

    public AlertRuleStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<AlertRule>> list(String tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert_rules WHERE tenant = $1 ORDER BY created_at, "
                + "rule_id").execute(Tuple.of(tenant)).map(rows -> Rows.all(rows, AlertRuleStore::rule));
    }

    public Uni<Optional<AlertRule>> find(String tenant, UUID ruleId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert_rules WHERE rule_id = $1 AND tenant = $2")
                .execute(Tuple.of(ruleId, tenant)).map(rows -> Rows.first(rows, AlertRuleStore::rule));
    }

    public Uni<AlertRule> create(String tenant, AlertRuleDefinition.Checked rule) {
        return pool.preparedQuery("INSERT INTO alert_rules (rule_id, tenant, name, job_type, metric, comparison, "
                        + "threshold, for_ms, severity, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) "
                        + "RETURNING " + COLUMNS)
                .execute(values(rule, UUID.randomUUID(), tenant))
                .map(rows -> rule(rows.iterator().next()));
    }

    /** Replaces a rule of the tenant's; empty when it has none by that id. */
    public Uni<Optional<AlertRule>> replace(String tenant, UUID ruleId, AlertRuleDefinition.Checked rule) {
        return pool.preparedQuery("UPDATE alert_rules SET name = $3, job_type = $4, metric = $5, comparison = $6, "
                        + "threshold = $7, for_ms = $8, severity = $9 WHERE rule_id = $1 AND tenant = $2 RETURNING "
                        + COLUMNS)
                .execute(values(rule, ruleId, tenant)).map(rows -> Rows.first(rows, AlertRuleStore::rule));
    }

    /** Whether the tenant had a rule by that id. */
    public Uni<Boolean> delete(String tenant, UUID ruleId) {
        return pool.preparedQuery("DELETE FROM alert_rules WHERE rule_id = $1 AND tenant = $2")
                .execute(Tuple.of(ruleId, tenant)).map(rows -> rows.rowCount() > 0);
    }

    private static Tuple values(AlertRuleDefinition.Checked rule, UUID ruleId, String tenant) {
        return Tuple.tuple().addUUID(ruleId).addString(tenant).addString(rule.name()).addString(rule.jobType())
                .addString(rule.metric()).addString(rule.comparison()).addDouble(rule.threshold())
                .addLong(rule.forMs()).addString(rule.severity().name());
    }

    private static AlertRule rule(Row row) {
        return new AlertRule(row.getUUID("rule_id"), row.getString("name"), row.getString("job_type"),
                row.getString("metric"), row.getString("comparison"), row.getDouble("threshold"),
                row.getLong("for_ms") / 1000.0, AlertSeverity.valueOf(row.getString("severity")),
                Rows.instant(row, "created_at"));
    }
}
