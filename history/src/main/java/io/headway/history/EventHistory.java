package io.headway.history;

import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads the {@code job_events} table (written by {@link HistoryWriter#write}): a job's events as received. */
@ApplicationScoped
public class EventHistory {

    private final Pool pool;

    public EventHistory(Pool pool) {
        this.pool = pool;
    }

    /** One event of a job's history, as received, with where it was on Kafka. */
    public record StoredEvent(
            UUID eventId, String type, Instant occurredAt, String source, int partition, long offset, String payload) {
    }

    /** A job's events in the order they happened (their Kafka order), after an offset (exclusive). */
    public Uni<List<StoredEvent>> after(String jobId, Set<String> types, long afterOffset, int limit) {
        Tuple parameters = Tuple.of(jobId, afterOffset);
        StringBuilder sql = new StringBuilder("SELECT event_id, type, occurred_at, source, kafka_partition, "
                + "kafka_offset, payload::text AS payload FROM job_events WHERE job_id = $1 AND kafka_offset > $2");
        if (!types.isEmpty()) {
            parameters.addValue(types.toArray(String[]::new));
            sql.append(" AND type = ANY($").append(parameters.size()).append(")");
        }
        parameters.addValue(limit);
        sql.append(" ORDER BY kafka_offset LIMIT $").append(parameters.size());
        return pool.preparedQuery(sql.toString()).execute(parameters).map(rows -> Rows.all(rows,
                row -> new StoredEvent(row.getUUID("event_id"), row.getString("type"), Rows.instant(row, "occurred_at"),
                        row.getString("source"), row.getInteger("kafka_partition"), row.getLong("kafka_offset"),
                        row.getString("payload"))));
    }
}
