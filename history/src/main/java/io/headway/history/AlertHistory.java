package io.headway.history;

import io.headway.events.Alert;
import io.headway.events.AlertState;
import io.headway.events.kafka.WireType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Where an alert's change is recorded, by whoever makes it (the aggregator for jobs' alerts, the gateway for a
 * webhook it disabled): the alert's row, its history, and, in the same transaction, one delivery per channel of the
 * tenant that wants its severity. Run {@link #record} inside a transaction: a change is then never stored without
 * its deliveries, or delivered without being stored. Replaying a change inserts nothing twice.
 *
 * <p>Only raising and resolving are delivered; updates reach the stream and the history only (a stalled job's
 * message changes every check, and nobody wants an email each time).
 */
public final class AlertHistory {

    private static final String UPSERT_ALERT = """
            INSERT INTO alerts (alert_id, tenant, job_id, job_type, kind, rule_id, severity, state, message, raised_at,
                                updated_at, resolved_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (alert_id) DO UPDATE SET state = EXCLUDED.state, message = EXCLUDED.message,
                updated_at = EXCLUDED.updated_at, resolved_at = EXCLUDED.resolved_at
            WHERE alerts.updated_at <= EXCLUDED.updated_at AND alerts.state <> 'RESOLVED'""";

    private static final String INSERT_CHANGE = """
            INSERT INTO alert_changes (alert_id, state, message, at) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING""";

    private static final String ENQUEUE_DELIVERIES = """
            INSERT INTO alert_deliveries (delivery_id, channel_id, tenant, alert_id, change_state, change_at, payload,
                                          status, next_attempt_at, created_at)
            SELECT gen_random_uuid(), c.channel_id, c.tenant, $1, $2, $3, $4, 'PENDING', now(), now()
            FROM alert_channels c
            WHERE c.tenant = $5 AND c.enabled
              AND array_position(ARRAY['INFO', 'WARNING', 'CRITICAL'], c.min_severity)
                  <= array_position(ARRAY['INFO', 'WARNING', 'CRITICAL'], $6)
            ON CONFLICT DO NOTHING""";

    private AlertHistory() {
    }

    /**
     * Stores the change and queues its deliveries.
     *
     * @param jobType the type of the alert's job, for searching; null when it is about no job
     */
    public static Uni<Void> record(SqlClient tx, Alert alert, String jobType) {
        return record(tx, List.of(alert), ignored -> jobType);
    }

    /**
     * Stores the changes, in order, and queues their deliveries: three statements, each a batch, however many.
     *
     * @param jobTypes the type of each alert's job, for searching (null when it is about no job)
     */
    public static Uni<Void> record(SqlClient tx, List<Alert> changes, Function<Alert, String> jobTypes) {
        List<Tuple> alerts = new ArrayList<>();
        List<Tuple> history = new ArrayList<>();
        List<Tuple> deliveries = new ArrayList<>();
        for (Alert alert : changes) {
            OffsetDateTime at = utc(alert.at());
            alerts.add(Tuple.tuple()
                    .addUUID(alert.alertId()).addString(alert.tenant()).addString(alert.jobId())
                    .addString(jobTypes.apply(alert)).addString(alert.kind())
                    .addUUID(alert.ruleId() == null ? null : UUID.fromString(alert.ruleId()))
                    .addString(alert.severity().name()).addString(alert.state().name()).addString(alert.message())
                    .addOffsetDateTime(utc(alert.raisedAt())).addOffsetDateTime(at)
                    .addOffsetDateTime(alert.state() == AlertState.RESOLVED ? at : null));
            history.add(Tuple.of(alert.alertId(), alert.state().name(), alert.message(), at));
            if (alert.state() != AlertState.UPDATED) {
                JsonObject payload = new JsonObject(new String(WireType.ALERTS.codec().encode(alert),
                        StandardCharsets.UTF_8));
                deliveries.add(Tuple.of(alert.alertId(), alert.state().name(), at, payload, alert.tenant(),
                        alert.severity().name()));
            }
        }
        if (alerts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> stored = tx.preparedQuery(UPSERT_ALERT).executeBatch(alerts)
                .chain(() -> tx.preparedQuery(INSERT_CHANGE).executeBatch(history))
                .replaceWithVoid();
        return deliveries.isEmpty() ? stored
                : stored.chain(() -> tx.preparedQuery(ENQUEUE_DELIVERIES).executeBatch(deliveries)).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
