package io.headway.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.live.LogTailEntry;
import io.headway.events.state.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the history the aggregator writes to PostgreSQL. Searches are SQL through the reactive client rather than
 * Panache: they need JSONB containment on labels and keyset pagination on (time, id), which HQL cannot say plainly.
 */
@ApplicationScoped
public class HistoryStore {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json = HeadwayJson.mapper();

    public HistoryStore(Pool pool) {
        this.pool = pool;
    }

    /** A job's owner and last snapshot in the history. */
    public record StoredJob(String tenant, String snapshot) {
    }

    /** One event of a job's history, as received, with where it was on Kafka. */
    public record StoredEvent(
            UUID eventId, String type, Instant occurredAt, String source, int partition, long offset, String payload) {
    }

    public Uni<Optional<StoredJob>> job(String jobId) {
        return pool.preparedQuery("SELECT tenant, snapshot::text AS snapshot FROM jobs WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> Rows.first(rows, row -> new StoredJob(row.getString("tenant"),
                        row.getString("snapshot"))));
    }

    /** The snapshots of these jobs the history holds, by job id, for one tenant only. */
    public Uni<Map<String, String>> snapshots(String tenant, List<String> jobIds) {
        return pool.preparedQuery("SELECT job_id, snapshot::text AS snapshot FROM jobs WHERE job_id = ANY($1) "
                + "AND tenant = $2")
                .execute(Tuple.of(jobIds.toArray(String[]::new), tenant))
                .map(rows -> {
                    Map<String, String> found = new LinkedHashMap<>();
                    rows.forEach(row -> found.put(row.getString("job_id"), row.getString("snapshot")));
                    return found;
                });
    }

    /** The snapshots of the newest jobs of a batch or with these labels (whichever is given). */
    public Uni<List<String>> snapshotsOf(String tenant, String batchId, Map<String, String> labels, int limit) {
        String sql = "SELECT snapshot::text AS snapshot FROM jobs WHERE tenant = $1 AND "
                + (batchId != null ? "batch_id = $2" : "labels @> $2::text::jsonb")
                + " ORDER BY submitted_at DESC NULLS LAST LIMIT $3";
        return pool.preparedQuery(sql).execute(Tuple.of(tenant, batchId != null ? batchId : write(labels), limit))
                .map(rows -> {
                    List<String> snapshots = new ArrayList<>(rows.size());
                    rows.forEach(row -> snapshots.add(row.getString("snapshot")));
                    return snapshots;
                });
    }

    public Uni<List<JobSummary>> search(JobQuery query) {
        Conditions where = new Conditions().and("tenant = ?", query.tenant()).and("submitted_at IS NOT NULL");
        if (!query.statuses().isEmpty()) {
            where.and("status = ANY(?)", (Object) query.statuses().stream().map(Enum::name).toArray(String[]::new));
        }
        where.andIfPresent("job_type = ?", query.type())
                .andIfPresent("batch_id = ?", query.batchId())
                .andIfPresent("labels @> ?::text::jsonb", query.labels().isEmpty() ? null : write(query.labels()))
                .andIfPresent("submitted_at >= ?", Rows.utc(query.from()))
                .andIfPresent("submitted_at < ?", Rows.utc(query.to()));
        if (query.after() != null) {
            where.and("(submitted_at, job_id) < (?, ?)", Rows.utc(query.after().submittedAt()),
                    query.after().jobId());
        }
        String sql = where.statement("SELECT job_id, job_type, status, batch_id, labels::text AS labels, progress, "
                + "submitted_at, started_at, finished_at, updated_at FROM jobs",
                "ORDER BY submitted_at DESC, job_id DESC LIMIT ?", query.limit());
        return pool.preparedQuery(sql).execute(where.parameters()).map(rows -> Rows.all(rows, this::summary));
    }

    /**
     * A job's log lines after a position (exclusive), oldest first.
     *
     * @param since  only lines printed at or after this time, when given
     * @param levels only lines of these levels, when not empty
     */
    public Uni<List<LogTailEntry>> logs(String jobId, int afterAttempt, long afterSequence, Instant since,
            Set<LogLevel> levels, int limit) {
        Tuple parameters = Tuple.of(jobId, afterAttempt, afterSequence);
        StringBuilder sql = new StringBuilder("SELECT attempt, sequence, at, stream, level, text FROM job_logs "
                + "WHERE job_id = $1 AND (attempt, sequence) > ($2, $3)");
        if (since != null) {
            parameters.addValue(Rows.utc(since));
            sql.append(" AND at >= $").append(parameters.size());
        }
        if (!levels.isEmpty()) {
            parameters.addValue(levels.stream().map(Enum::name).toArray(String[]::new));
            sql.append(" AND level = ANY($").append(parameters.size()).append(")");
        }
        parameters.addValue(limit);
        sql.append(" ORDER BY attempt, sequence LIMIT $").append(parameters.size());
        return pool.preparedQuery(sql.toString()).execute(parameters).map(rows -> {
            List<LogTailEntry> lines = new ArrayList<>(rows.size());
            rows.forEach(row -> lines.add(new LogTailEntry(row.getInteger("attempt"), new LogLine(
                    row.getLong("sequence"), Rows.instant(row, "at"), LogStream.valueOf(row.getString("stream")),
                    LogLevel.valueOf(row.getString("level")), row.getString("text")))));
            return lines;
        });
    }

    /** A job's events in the order they happened (their Kafka order), after an offset (exclusive). */
    public Uni<List<StoredEvent>> events(String jobId, Set<String> types, long afterOffset, int limit) {
        Tuple parameters = Tuple.of(jobId, afterOffset);
        StringBuilder sql = new StringBuilder("SELECT event_id, type, occurred_at, source, kafka_partition, "
                + "kafka_offset, payload::text AS payload FROM job_events WHERE job_id = $1 AND kafka_offset > $2");
        if (!types.isEmpty()) {
            parameters.addValue(types.toArray(String[]::new));
            sql.append(" AND type = ANY($").append(parameters.size()).append(")");
        }
        parameters.addValue(limit);
        sql.append(" ORDER BY kafka_offset LIMIT $").append(parameters.size());
        return pool.preparedQuery(sql.toString()).execute(parameters).map(rows -> {
            List<StoredEvent> events = new ArrayList<>(rows.size());
            rows.forEach(row -> events.add(new StoredEvent(row.getUUID("event_id"), row.getString("type"),
                    Rows.instant(row, "occurred_at"), row.getString("source"), row.getInteger("kafka_partition"),
                    row.getLong("kafka_offset"), row.getString("payload"))));
            return events;
        });
    }

    /** A batch's jobs by status, counted from the history (when Redis no longer holds the batch). */
    public Uni<Map<JobStatus, Long>> batchCounts(String tenant, String batchId) {
        return pool.preparedQuery("SELECT status, count(*) AS jobs FROM jobs WHERE tenant = $1 AND batch_id = $2 "
                + "GROUP BY status").execute(Tuple.of(tenant, batchId)).map(rows -> {
                    Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
                    rows.forEach(row -> counts.put(JobStatus.valueOf(row.getString("status")), row.getLong("jobs")));
                    return counts;
                });
    }

    private JobSummary summary(Row row) {
        return new JobSummary(row.getString("job_id"), row.getString("job_type"),
                JobStatus.valueOf(row.getString("status")), row.getString("batch_id"), read(row.getString("labels")),
                row.getDouble("progress"), Rows.instant(row, "submitted_at"), Rows.instant(row, "started_at"),
                Rows.instant(row, "finished_at"), Rows.instant(row, "updated_at"));
    }

    private String write(Map<String, String> labels) {
        try {
            return json.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> read(String labels) {
        try {
            return json.readValue(labels, LABELS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
