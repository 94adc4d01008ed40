package io.headway.gateway.store;

import io.headway.events.AlertState;
import io.headway.gateway.domain.Channel;
import io.headway.gateway.domain.Delivery;
import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The alert delivery outbox ({@code alert_deliveries}) and its log ({@code alert_delivery_attempts}). Workers lease
 * due deliveries with {@code FOR UPDATE SKIP LOCKED}, so any number of gateways share them without waiting on each
 * other, and a delivery whose worker died is due again once its lease runs out. No transaction here is ever held
 * across an attempt: leasing commits first, the attempt runs, and its outcome is recorded in a transaction of its
 * own.
 */
@ApplicationScoped
public class DeliveryStore {

    private static final String LEASED = "d.delivery_id, d.channel_id, d.tenant, c.kind, c.target, c.secret, "
            + "d.payload::text AS payload, d.attempts";

    /** Due: pending, its time has come, nobody holds it; a disabled channel's wait until it is enabled again. */
    private static final String LEASE = """
            UPDATE alert_deliveries d SET lease_until = now() + $1 * interval '1 millisecond'
            FROM alert_channels c
            WHERE c.channel_id = d.channel_id AND d.delivery_id IN (
                SELECT q.delivery_id FROM alert_deliveries q JOIN alert_channels qc ON qc.channel_id = q.channel_id
                WHERE q.status = 'PENDING' AND q.next_attempt_at <= now() AND qc.enabled
                  AND (q.lease_until IS NULL OR q.lease_until <= now())
                ORDER BY q.next_attempt_at LIMIT $2
                FOR UPDATE OF q SKIP LOCKED)
            RETURNING\s""" + LEASED;

    private static final String ENQUEUE_TEST = """
            WITH test AS (
                INSERT INTO alert_deliveries (delivery_id, channel_id, tenant, change_state, change_at, payload, status,
                                              next_attempt_at, lease_until, created_at)
                SELECT $1, channel_id, tenant, 'RAISED', now(), $3, 'PENDING', now(),
                       now() + $4 * interval '1 millisecond', now()
                FROM alert_channels WHERE channel_id = $2 AND tenant = $5 AND kind = 'WEBHOOK'
                RETURNING *)
            SELECT\s""" + LEASED + " FROM test d JOIN alert_channels c ON c.channel_id = d.channel_id";

    private static final String RECORD_ATTEMPT = """
            INSERT INTO alert_delivery_attempts (delivery_id, attempt, at, outcome, http_status, detail, duration_ms)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""";

    private static final String FINISH_ATTEMPT = """
            UPDATE alert_deliveries SET attempts = $2, status = $3, next_attempt_at = COALESCE($4, next_attempt_at),
                lease_until = NULL, delivered_at = $5
            WHERE delivery_id = $1""";

    private final Pool pool;

    public DeliveryStore(Pool pool) {
        this.pool = pool;
    }

    /** Takes up to {@code max} due deliveries for {@code lease}; they are this worker's until then. */
    public Uni<List<LeasedDelivery>> lease(int max, Duration lease) {
        return pool.preparedQuery(LEASE).execute(Tuple.of(lease.toMillis(), max))
                .map(rows -> Rows.all(rows, DeliveryStore::leased));
    }

    /**
     * A test delivery to one of the tenant's webhooks, already leased by the caller, who attempts it at once; empty
     * when the tenant has no such webhook.
     */
    public Uni<Optional<LeasedDelivery>> enqueueTest(String tenant, UUID webhookId, String payload, Duration lease) {
        return pool.preparedQuery(ENQUEUE_TEST)
                .execute(Tuple.of(UUID.randomUUID(), webhookId, new JsonObject(payload), lease.toMillis(), tenant))
                .map(rows -> Rows.first(rows, DeliveryStore::leased));
    }

    /** Runs the work in one transaction. */
    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(work::apply);
    }

    /**
     * Records an attempt and where the delivery stands after it, and lets its lease go.
     *
     * @param nextAttemptAt when to try again, for a delivery still PENDING
     */
    public Uni<Void> recordAttempt(SqlClient tx, LeasedDelivery delivery, Delivery.Attempt attempt,
            Delivery.Status status, Instant nextAttemptAt) {
        return tx.preparedQuery(RECORD_ATTEMPT).execute(Tuple.tuple().addUUID(delivery.deliveryId())
                        .addInteger(attempt.attempt()).addOffsetDateTime(Rows.utc(attempt.at()))
                        .addString(attempt.outcome().name()).addInteger(attempt.httpStatus())
                        .addString(attempt.detail()).addLong(attempt.durationMs()))
                .chain(() -> tx.preparedQuery(FINISH_ATTEMPT).execute(Tuple.tuple().addUUID(delivery.deliveryId())
                        .addInteger(attempt.attempt()).addString(status.name())
                        .addOffsetDateTime(Rows.utc(nextAttemptAt)).addOffsetDateTime(
                                status == Delivery.Status.DELIVERED ? Rows.utc(attempt.at()) : null)))
                .replaceWithVoid();
    }

    /** A channel's run of failures: reset by a delivered attempt, one longer by a failed one; returns its length. */
    public Uni<Integer> countOutcome(SqlClient tx, UUID channelId, Delivery.Outcome outcome) {
        String set = outcome == Delivery.Outcome.DELIVERED ? "0" : "consecutive_failures + 1";
        return tx.preparedQuery("UPDATE alert_channels SET consecutive_failures = " + set
                        + " WHERE channel_id = $1 RETURNING consecutive_failures")
                .execute(Tuple.of(channelId))
                .map(rows -> Rows.first(rows, row -> row.getInteger("consecutive_failures")).orElse(0));
    }

    /**
     * Disables a channel that is still enabled; empty when it already was (another worker got there first), so one
     * disabling is announced once.
     */
    public Uni<Optional<String>> disable(SqlClient tx, UUID channelId, String reason) {
        return tx.preparedQuery("UPDATE alert_channels SET enabled = false, disabled_reason = $2 "
                        + "WHERE channel_id = $1 AND enabled RETURNING target")
                .execute(Tuple.of(channelId, reason)).map(rows -> Rows.first(rows, row -> row.getString("target")));
    }

    /** A channel's deliveries, newest first, each with its attempts in order; the tenant must own the channel. */
    public Uni<List<Delivery>> deliveries(String tenant, Channel.Kind kind, UUID channelId, int limit) {
        return pool.preparedQuery("""
                        SELECT d.delivery_id, d.alert_id, d.change_state, d.status, d.attempts, d.created_at,
                               d.next_attempt_at, d.delivered_at
                        FROM alert_deliveries d JOIN alert_channels c ON c.channel_id = d.channel_id
                        WHERE d.channel_id = $1 AND c.tenant = $2 AND c.kind = $3
                        ORDER BY d.created_at DESC, d.delivery_id DESC LIMIT $4""")
                .execute(Tuple.of(channelId, tenant, kind.name(), limit))
                .chain(rows -> {
                    List<Row> found = Rows.all(rows, row -> row);
                    UUID[] ids = found.stream().map(row -> row.getUUID("delivery_id")).toArray(UUID[]::new);
                    return attempts(ids).map(log -> found.stream().map(row -> delivery(row,
                            log.getOrDefault(row.getUUID("delivery_id"), List.of()))).toList());
                });
    }

    /** One delivery with its attempts. */
    public Uni<Delivery> delivery(UUID deliveryId) {
        return pool.preparedQuery("SELECT delivery_id, alert_id, change_state, status, attempts, created_at, "
                        + "next_attempt_at, delivered_at FROM alert_deliveries WHERE delivery_id = $1")
                .execute(Tuple.of(deliveryId))
                .chain(rows -> attempts(new UUID[] {deliveryId}).map(log -> delivery(rows.iterator().next(),
                        log.getOrDefault(deliveryId, List.of()))));
    }

    private Uni<Map<UUID, List<Delivery.Attempt>>> attempts(UUID[] deliveryIds) {
        return pool.preparedQuery("SELECT delivery_id, attempt, at, outcome, http_status, detail, duration_ms "
                        + "FROM alert_delivery_attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt")
                .execute(Tuple.of(deliveryIds))
                .map(rows -> Rows.all(rows, row -> row).stream().collect(Collectors.groupingBy(
                        row -> row.getUUID("delivery_id"),
                        Collectors.mapping(DeliveryStore::attempt, Collectors.toList()))));
    }

    private static Delivery delivery(Row row, List<Delivery.Attempt> attempts) {
        Delivery.Status status = Delivery.Status.valueOf(row.getString("status"));
        return new Delivery(row.getUUID("delivery_id"), row.getUUID("alert_id"),
                AlertState.valueOf(row.getString("change_state")), status, row.getInteger("attempts"),
                Rows.instant(row, "created_at"),
                status == Delivery.Status.PENDING ? Rows.instant(row, "next_attempt_at") : null,
                Rows.instant(row, "delivered_at"), attempts);
    }

    private static Delivery.Attempt attempt(Row row) {
        return new Delivery.Attempt(row.getInteger("attempt"), Rows.instant(row, "at"),
                Delivery.Outcome.valueOf(row.getString("outcome")), row.getInteger("http_status"),
                row.getString("detail"), row.getLong("duration_ms"));
    }

    private static LeasedDelivery leased(Row row) {
        return new LeasedDelivery(row.getUUID("delivery_id"), row.getUUID("channel_id"), row.getString("tenant"),
                Channel.Kind.valueOf(row.getString("kind")), row.getString("target"), row.getString("secret"),
                row.getString("payload"), row.getInteger("attempts"));
    }
}
