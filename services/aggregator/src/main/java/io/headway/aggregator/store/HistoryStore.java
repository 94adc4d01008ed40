package io.headway.aggregator.store;

import io.headway.events.JobSnapshot;
import io.headway.events.codec.Codec;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Each job's latest snapshot in PostgreSQL's {@code jobs} table, the durable record the live state is rebuilt from.
 * A row is only replaced by a snapshot with a higher sequence, so a replayed event writes nothing new.
 */
@ApplicationScoped
public class HistoryStore {

    private static final String UPSERT = """
            INSERT INTO jobs (job_id, tenant, job_type, status, batch_id, labels, progress, sequence, snapshot,
                              submitted_at, started_at, finished_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10, $11, $12, $13)
            ON CONFLICT (job_id) DO UPDATE SET
                tenant = EXCLUDED.tenant, job_type = EXCLUDED.job_type, status = EXCLUDED.status,
                batch_id = EXCLUDED.batch_id, labels = EXCLUDED.labels, progress = EXCLUDED.progress,
                sequence = EXCLUDED.sequence, snapshot = EXCLUDED.snapshot, submitted_at = EXCLUDED.submitted_at,
                started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, updated_at = EXCLUDED.updated_at
            WHERE jobs.sequence < EXCLUDED.sequence
            """;

    private final Pool pool;
    private final Codec<JobSnapshot> codec = WireType.JOB_STATE.codec();

    public HistoryStore(Pool pool) {
        this.pool = pool;
    }

    /** The job's latest snapshot, or null when history has none. */
    public Uni<JobSnapshot> find(String jobId) {
        return pool.preparedQuery("SELECT snapshot::text FROM jobs WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.size() == 0 ? null : decode(rows.iterator().next()));
    }

    public Uni<Void> save(JobSnapshot snapshot) {
        JobState state = snapshot.state();
        return pool.preparedQuery(UPSERT).execute(Tuple.from(Arrays.asList(
                        snapshot.jobId(), state.tenant(), state.jobType(), state.status().name(), state.batchId(),
                        json(state.labels()), state.progress(), snapshot.sequence(),
                        new String(codec.encode(snapshot), StandardCharsets.UTF_8),
                        utc(state.submittedAt()), utc(state.startedAt()), utc(state.finishedAt()),
                        utc(state.updatedAt() != null ? state.updatedAt() : snapshot.publishedAt()))))
                .replaceWithVoid();
    }

    private JobSnapshot decode(Row row) {
        return codec.decode(row.getString(0).getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Object value) {
        return HeadwayJson.mapper().valueToTree(value).toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
