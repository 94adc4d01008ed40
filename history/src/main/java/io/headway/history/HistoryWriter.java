package io.headway.history;

import io.headway.events.LogBatch;
import io.headway.events.LogLine;
import io.headway.events.ProgressEvent;
import io.headway.events.codec.Codec;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobState;
import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Writes what the aggregator folded to PostgreSQL: a batch's events, jobs and stage durations in one transaction, and
 * log lines. In bulk: each table gets one statement that unnests arrays,
 * which is several times faster than a statement per row. Every write is idempotent: events and log lines are keyed,
 * and a job row is only replaced by one with a higher last offset.
 */
@ApplicationScoped
public class HistoryWriter {

    private static final String INSERT_EVENTS = """
            INSERT INTO job_events (job_id, event_id, type, occurred_at, source, kafka_partition, kafka_offset, payload)
            SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::int[],
                                 $7::bigint[], $8::text[]::jsonb[])
            ON CONFLICT DO NOTHING
            """;

    private static final String UPSERT_JOBS = """
            INSERT INTO jobs (job_id, tenant, job_type, status, batch_id, labels, progress, sequence, last_offset,
                              snapshot, submitted_at, started_at, finished_at, updated_at, expected_finish_at,
                              kafka_partition, reported_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::jsonb[],
                                 $7::float8[], $8::bigint[], $9::bigint[], $10::text[]::jsonb[], $11::timestamptz[],
                                 $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[],
                                 $16::int[], $17::timestamptz[])
            ON CONFLICT (job_id) DO UPDATE SET
                kafka_partition = EXCLUDED.kafka_partition,
                tenant = EXCLUDED.tenant, job_type = EXCLUDED.job_type, status = EXCLUDED.status,
                batch_id = EXCLUDED.batch_id, labels = EXCLUDED.labels, progress = EXCLUDED.progress,
                sequence = EXCLUDED.sequence, last_offset = EXCLUDED.last_offset, snapshot = EXCLUDED.snapshot,
                submitted_at = EXCLUDED.submitted_at, started_at = EXCLUDED.started_at,
                finished_at = EXCLUDED.finished_at, updated_at = EXCLUDED.updated_at,
                expected_finish_at = EXCLUDED.expected_finish_at,
                reported_at = GREATEST(jobs.reported_at, EXCLUDED.reported_at)
            WHERE jobs.last_offset < EXCLUDED.last_offset
            """;

    private static final String INSERT_STAGE_DURATIONS = """
            INSERT INTO stage_durations (job_id, attempt, stage, tenant, job_type, weight, started_at, completed_at,
                                         duration_ms)
            SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::float8[],
                                 $7::timestamptz[], $8::timestamptz[], $9::bigint[])
            ON CONFLICT DO NOTHING
            """;

    private static final String INSERT_LOGS = """
            INSERT INTO job_logs (job_id, attempt, sequence, at, stream, level, text)
            SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::timestamptz[], $5::text[], $6::text[],
                                 $7::text[])
            ON CONFLICT DO NOTHING
            """;

    private final Pool pool;
    private final Codec<ProgressEvent> events = WireType.PROGRESS.codec();

    public HistoryWriter(Pool pool) {
        this.pool = pool;
    }

    /**
     * An event as the aggregator received it, with where it was on Kafka.
     *
     * @param payload the record's bytes, stored as received (null: the event is encoded)
     */
    public record EventRow(ProgressEvent event, byte[] payload, int partition, long offset) {

        byte[] json(Codec<ProgressEvent> codec) {
            return payload != null ? payload : codec.encode(event);
        }
    }

    /**
     * A job as a batch left it: its state, that state's snapshot JSON (the bytes the live view carries), the offset of
     * the last event folded in, its partition, and when it last reported itself (null when the batch had no report).
     */
    public record JobRow(JobState state, byte[] snapshot, long lastOffset, int partition, Instant reportedAt) {
    }

    /** The new events, the jobs they changed, and the stage durations they completed, in one transaction. */
    public Uni<Void> write(List<EventRow> applied, List<JobRow> jobs, List<StageDuration> durations) {
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(connection -> insertEvents(connection, applied)
                .call(() -> upsertJobs(connection, jobs))
                .call(() -> insertStageDurations(connection, durations))
                .replaceWithVoid());
    }

    /** Log lines, keyed by (job, attempt, sequence). */
    public Uni<Void> writeLogs(List<LogBatch> batches) {
        record Line(LogBatch batch, LogLine line) {
        }
        List<Line> lines = batches.stream().flatMap(b -> b.lines().stream().map(l -> new Line(b, l))).toList();
        if (lines.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(INSERT_LOGS).execute(Tuple.tuple()
                        .addArrayOfString(column(lines, l -> l.batch().jobId(), String[]::new))
                        .addArrayOfInteger(column(lines, l -> l.batch().attempt(), Integer[]::new))
                        .addArrayOfLong(column(lines, l -> l.line().sequence(), Long[]::new))
                        .addArrayOfOffsetDateTime(column(lines, l -> Rows.utc(l.line().at()), OffsetDateTime[]::new))
                        .addArrayOfString(column(lines, l -> l.line().stream().name(), String[]::new))
                        .addArrayOfString(column(lines, l -> l.line().level().name(), String[]::new))
                        .addArrayOfString(column(lines, l -> storable(l.line().text()), String[]::new)))
                .replaceWithVoid();
    }

    private Uni<Void> insertEvents(SqlConnection connection, List<EventRow> applied) {
        return connection.preparedQuery(INSERT_EVENTS).execute(Tuple.tuple()
                        .addArrayOfString(column(applied, e -> e.event().jobId(), String[]::new))
                        .addArrayOfUUID(column(applied, e -> e.event().eventId(), UUID[]::new))
                        .addArrayOfString(column(applied, e -> e.event().type(), String[]::new))
                        .addArrayOfOffsetDateTime(column(applied, e -> Rows.utc(e.event().occurredAt()),
                                OffsetDateTime[]::new))
                        .addArrayOfString(column(applied, e -> e.event().source(), String[]::new))
                        .addArrayOfInteger(column(applied, EventRow::partition, Integer[]::new))
                        .addArrayOfLong(column(applied, EventRow::offset, Long[]::new))
                        .addArrayOfString(column(applied, e -> storableJson(e.json(events)),
                                String[]::new)))
                .replaceWithVoid();
    }

    private Uni<Void> upsertJobs(SqlConnection connection, List<JobRow> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(UPSERT_JOBS).execute(Tuple.tuple()
                        .addArrayOfString(column(jobs, j -> j.state().jobId(), String[]::new))
                        .addArrayOfString(column(jobs, j -> j.state().tenant(), String[]::new))
                        .addArrayOfString(column(jobs, j -> j.state().jobType(), String[]::new))
                        .addArrayOfString(column(jobs, j -> j.state().status().name(), String[]::new))
                        .addArrayOfString(column(jobs, j -> j.state().batchId(), String[]::new))
                        .addArrayOfString(column(jobs, j -> json(j.state().labels()), String[]::new))
                        .addArrayOfDouble(column(jobs, j -> j.state().progress(), Double[]::new))
                        .addArrayOfLong(column(jobs, j -> j.state().eventCount(), Long[]::new))
                        .addArrayOfLong(column(jobs, JobRow::lastOffset, Long[]::new))
                        .addArrayOfString(column(jobs, j -> storableJson(j.snapshot()), String[]::new))
                        .addArrayOfOffsetDateTime(column(jobs, j -> Rows.utc(j.state().submittedAt()),
                                OffsetDateTime[]::new))
                        .addArrayOfOffsetDateTime(column(jobs, j -> Rows.utc(j.state().startedAt()),
                                OffsetDateTime[]::new))
                        .addArrayOfOffsetDateTime(column(jobs, j -> Rows.utc(j.state().finishedAt()),
                                OffsetDateTime[]::new))
                        .addArrayOfOffsetDateTime(column(jobs, j -> Rows.utc(j.state().updatedAt()),
                                OffsetDateTime[]::new))
                        .addArrayOfOffsetDateTime(column(jobs, j -> Rows.utc(expectedFinish(j.state())),
                                OffsetDateTime[]::new))
                        .addArrayOfInteger(column(jobs, JobRow::partition, Integer[]::new))
                        .addArrayOfOffsetDateTime(column(jobs, j -> Rows.utc(j.reportedAt()), OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    private Uni<Void> insertStageDurations(SqlConnection connection, List<StageDuration> durations) {
        if (durations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(INSERT_STAGE_DURATIONS).execute(Tuple.tuple()
                        .addArrayOfString(column(durations, StageDuration::jobId, String[]::new))
                        .addArrayOfInteger(column(durations, StageDuration::attempt, Integer[]::new))
                        .addArrayOfString(column(durations, StageDuration::stage, String[]::new))
                        .addArrayOfString(column(durations, StageDuration::tenant, String[]::new))
                        .addArrayOfString(column(durations, StageDuration::jobType, String[]::new))
                        .addArrayOfDouble(column(durations, StageDuration::weight, Double[]::new))
                        .addArrayOfOffsetDateTime(column(durations, d -> Rows.utc(d.startedAt()),
                                OffsetDateTime[]::new))
                        .addArrayOfOffsetDateTime(column(durations, d -> Rows.utc(d.completedAt()),
                                OffsetDateTime[]::new))
                        .addArrayOfLong(column(durations, StageDuration::durationMs, Long[]::new)))
                .replaceWithVoid();
    }

    /** When the job is expected to finish, from its latest ETA; null when it has none or has finished. */
    private static Instant expectedFinish(JobState state) {
        return state.eta() == null || state.status().isTerminal()
                ? null
                : state.eta().estimatedAt().plusMillis(state.eta().remainingMs());
    }

    private static <T, C> C[] column(List<T> rows, Function<T, C> value, IntFunction<C[]> array) {
        C[] column = array.apply(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    /** PostgreSQL text cannot hold NUL characters; they are stored as U+FFFD. */
    private static String storable(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    /** jsonb cannot hold the escape of a NUL character; it is stored as U+FFFD. */
    private static String storableJson(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        return text.contains("\\u0000") ? text.replace("\\u0000", "\\ufffd") : text;
    }

    private static String json(Object value) {
        return HeadwayJson.mapper().valueToTree(value).toString();
    }
}
