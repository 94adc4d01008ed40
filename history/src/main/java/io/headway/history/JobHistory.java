package io.headway.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.JobSnapshot;
import io.headway.events.codec.Codec;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.WireType;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.QueueCounts;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.history.sql.Conditions;
import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code jobs} table: a job's stored state and owner, the gateway's searches, and what the aggregator needs
 * back (states it does not hold in memory, the aggregates it publishes live, what a live-state rebuild restores).
 * All of it is SQL through the reactive client: searches need JSONB containment on labels and keyset pagination on
 * (time, id), which HQL cannot say plainly, and the aggregator must not parse HQL on its event loop (below).
 */
@ApplicationScoped
public class JobHistory {

    private static final String LOAD = """
            SELECT job_id, tenant, snapshot::text AS snapshot, last_offset, kafka_partition FROM jobs
            WHERE job_id = ANY($1)
            """;

    private static final Codec<JobSnapshot> SNAPSHOTS = WireType.JOB_STATE.codec();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private static final String LIVE_BATCHES = """
            SELECT DISTINCT tenant, batch_id FROM jobs
            WHERE tenant IS NOT NULL AND (finished_at IS NULL OR finished_at > $1)
            """;

    private static final String QUIET_EXTERNAL = """
            SELECT job_id FROM jobs
            WHERE finished_at IS NULL AND (snapshot -> 'state' ->> 'external') = 'true' AND reported_at < $1
              AND kafka_partition = ANY($2)
            ORDER BY reported_at LIMIT $3
            """;

    private static final String ACTIVE_JOBS = """
            SELECT snapshot::text FROM jobs WHERE finished_at IS NULL AND kafka_partition = ANY($1)
            """;

    // The aggregates and the rebuild's pages are SQL too, not HQL: a freshly started aggregator parsed its first HQL
    // query on the event loop it folds on, which blocked that loop for 4 to 10 s (headway.sh chaos --standby).
    private static final String LIVE_PAGE = """
            SELECT snapshot::text FROM jobs WHERE finished_at IS NULL OR finished_at > $1
            ORDER BY job_id LIMIT $2 OFFSET $3
            """;

    private static final String QUEUE_COUNTS = """
            SELECT tenant, status, count(*) FROM jobs
            WHERE tenant = ANY($1) AND (finished_at IS NULL OR finished_at > $2)
            GROUP BY tenant, status
            """;

    private static final String BATCH_TOTALS = """
            SELECT tenant, batch_id, status, count(*), sum(progress), max(expected_finish_at) AS expected_finish_at
            FROM jobs WHERE tenant = ANY($1) AND batch_id = ANY($2)
            GROUP BY tenant, batch_id, status
            """;

    private final Pool pool;
    private final ObjectMapper json = HeadwayJson.mapper();

    public JobHistory(Pool pool) {
        this.pool = pool;
    }

    /**
     * A job as the history last stored it.
     *
     * @param snapshot   its {@code JobSnapshot} JSON
     * @param lastOffset the offset of the last event folded into it
     * @param partition  its partition of the progress topic; -1 when not recorded
     */
    public record StoredJob(String jobId, String tenant, String snapshot, long lastOffset, int partition) {

        public JobState state() {
            return JobHistory.state(snapshot);
        }
    }

    /** The jobs the history knows among these, by id; jobs it does not know are absent from the map. */
    public Uni<Map<String, StoredJob>> jobs(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(LOAD).execute(Tuple.of(jobIds.toArray(String[]::new))).map(rows -> {
            Map<String, StoredJob> known = new HashMap<>();
            for (Row row : rows) {
                Integer partition = row.getInteger("kafka_partition");
                known.put(row.getString("job_id"), new StoredJob(row.getString("job_id"), row.getString("tenant"),
                        row.getString("snapshot"), row.getLong("last_offset"), partition == null ? -1 : partition));
            }
            return known;
        });
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
                .map(rows -> Rows.all(rows, row -> row.getString("snapshot")));
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
                + "submitted_at, started_at, finished_at, updated_at, "
                + "(snapshot -> 'state' -> 'preview')::text AS preview FROM jobs",
                "ORDER BY submitted_at DESC, job_id DESC LIMIT ?", query.limit());
        return pool.preparedQuery(sql).execute(where.parameters()).map(rows -> Rows.all(rows, this::summary));
    }

    /** A batch's jobs by status, counted from the history (when the live state no longer holds the batch). */
    public Uni<Map<JobStatus, Long>> batchCounts(String tenant, String batchId) {
        return pool.preparedQuery("SELECT status, count(*) AS jobs FROM jobs WHERE tenant = $1 AND batch_id = $2 "
                + "GROUP BY status").execute(Tuple.of(tenant, batchId)).map(rows -> {
                    Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
                    rows.forEach(row -> counts.put(JobStatus.valueOf(row.getString("status")), row.getLong("jobs")));
                    return counts;
                });
    }

    /**
     * External jobs on these partitions that have not ended and have not reported themselves since {@code before}
     * (estimates do not count), the quietest first.
     */
    public Uni<List<String>> quietExternalJobs(Instant before, Set<Integer> partitions, int limit) {
        return pool.preparedQuery(QUIET_EXTERNAL)
                .execute(Tuple.of(Rows.utc(before), partitions.toArray(Integer[]::new), limit))
                .map(rows -> Rows.all(rows, row -> row.getString(0)));
    }

    /**
     * The jobs on these partitions that have not ended, as history last recorded them: what the alert monitor watches
     * after a start or a rebalance. They can be many thousands: they are decoded on a worker thread, never on the
     * event loop that history writes share.
     */
    public Uni<List<JobState>> activeJobs(Set<Integer> partitions) {
        return pool.preparedQuery(ACTIVE_JOBS).execute(Tuple.of(partitions.toArray(Integer[]::new)))
                .emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
                    List<JobState> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(state(row.getString(0))));
                    return jobs;
                });
    }

    /** The tenants and batches of every job live state holds, to recount their aggregates. */
    public Uni<Set<TenantBatch>> liveBatches(Instant since) {
        return pool.preparedQuery(LIVE_BATCHES).execute(Tuple.of(Rows.utc(since)))
                .map(rows -> {
                    Set<TenantBatch> batches = new HashSet<>();
                    rows.forEach(row -> batches.add(new TenantBatch(row.getString(0), row.getString(1))));
                    return batches;
                });
    }

    /** A page of the jobs live state holds: active ones and those finished after {@code since}. */
    public Uni<List<JobState>> live(Instant since, int page, int pageSize) {
        return pool.preparedQuery(LIVE_PAGE).execute(Tuple.of(Rows.utc(since), pageSize, (long) page * pageSize))
                .map(rows -> Rows.all(rows, row -> state(row.getString(0))));
    }

    /** Each tenant's jobs by status: the active ones and those finished after {@code since}. */
    public Uni<List<QueueCounts>> queueCounts(Set<String> tenants, Instant since) {
        if (tenants.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(QUEUE_COUNTS).execute(Tuple.of(tenants.toArray(String[]::new), Rows.utc(since)))
                .map(rows -> {
                    Map<String, Map<JobStatus, Long>> counts = new HashMap<>();
                    tenants.forEach(t -> counts.put(t, zeroes()));
                    rows.forEach(r -> counts.get(r.getString(0)).put(JobStatus.valueOf(r.getString(1)), r.getLong(2)));
                    return counts.entrySet().stream().map(e -> new QueueCounts(e.getKey(), e.getValue())).toList();
                });
    }

    /** The progress of each of the given batches, over all of its jobs. */
    public Uni<List<BatchProgress>> batches(Set<TenantBatch> batches) {
        if (batches.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] tenants = batches.stream().map(TenantBatch::tenant).distinct().toArray(String[]::new);
        String[] batchIds = batches.stream().map(TenantBatch::batchId).distinct().toArray(String[]::new);
        return pool.preparedQuery(BATCH_TOTALS).execute(Tuple.of(tenants, batchIds))
                .map(rows -> {
                    Map<TenantBatch, BatchTotals> totals = new HashMap<>();
                    for (Row row : rows) {
                        var key = new TenantBatch(row.getString(0), row.getString(1));
                        if (batches.contains(key)) {
                            totals.computeIfAbsent(key, k -> new BatchTotals()).add(JobStatus.valueOf(row.getString(2)),
                                    row.getLong(3), row.getDouble(4), Rows.instant(row, "expected_finish_at"));
                        }
                    }
                    return totals.entrySet().stream().map(e -> e.getValue().toProgress(e.getKey())).toList();
                });
    }

    static JobState state(String snapshotJson) {
        return SNAPSHOTS.decode(snapshotJson.getBytes(StandardCharsets.UTF_8)).state();
    }

    private JobSummary summary(Row row) {
        return new JobSummary(row.getString("job_id"), row.getString("job_type"),
                JobStatus.valueOf(row.getString("status")), row.getString("batch_id"), read(row.getString("labels")),
                row.getDouble("progress"), Rows.instant(row, "submitted_at"), Rows.instant(row, "started_at"),
                Rows.instant(row, "finished_at"), Rows.instant(row, "updated_at"), preview(row.getString("preview")));
    }

    private JobState.Artifact preview(String column) {
        if (column == null) {
            return null;
        }
        try {
            return json.readValue(column, JobState.Artifact.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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

    private static Map<JobStatus, Long> zeroes() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        return counts;
    }

    /** A batch is named within its tenant. */
    public record TenantBatch(String tenant, String batchId) {
    }

    private static final class BatchTotals {
        private final Map<JobStatus, Long> byStatus = zeroes();
        private long jobs;
        private double progress;
        private Instant expectedFinishAt;

        void add(JobStatus status, long count, Double progressSum, Instant latestFinish) {
            byStatus.put(status, count);
            jobs += count;
            progress += progressSum == null ? 0 : progressSum;
            if (latestFinish != null && (expectedFinishAt == null || latestFinish.isAfter(expectedFinishAt))) {
                expectedFinishAt = latestFinish;
            }
        }

        BatchProgress toProgress(TenantBatch batch) {
            return new BatchProgress(batch.tenant(), batch.batchId(), jobs, byStatus, jobs == 0 ? 0 : progress / jobs,
                    expectedFinishAt);
        }
    }
}
