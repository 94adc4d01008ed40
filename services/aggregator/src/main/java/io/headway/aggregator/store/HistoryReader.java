package io.headway.aggregator.store;

import io.headway.aggregator.domain.FoldedJob;
import io.headway.events.JobSnapshot;
import io.headway.events.LogBatch;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.WireType;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.QueueCounts;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.history.JobRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads what the aggregator needs back from the history: job states it does not hold in memory, the aggregates it
 * publishes to Redis, and what a live-state rebuild restores. Entity queries through Hibernate Reactive Panache; bulk
 * reads (a batch's job states, log tails) through the reactive client.
 */
@ApplicationScoped
public class HistoryReader {

    private static final String RECENT_LOGS = """
            SELECT job_id, attempt, sequence, at, stream, level, text FROM (
                SELECT *, row_number() OVER (PARTITION BY job_id ORDER BY attempt DESC, sequence DESC) AS newest
                FROM job_logs WHERE job_id = ANY($1)) recent
            WHERE newest <= $2
            ORDER BY job_id, attempt, sequence
            """;

    private static final String LOAD = """
            SELECT job_id, snapshot::text, last_offset, kafka_partition FROM jobs WHERE job_id = ANY($1)
            """;

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

    private final Pool pool;
    private final Codec<JobSnapshot> snapshots = WireType.JOB_STATE.codec();

    public HistoryReader(Pool pool) {
        this.pool = pool;
    }

    /**
     * The folded state of each job history knows; jobs it does not know are absent from the map. A bulk read of the
     * batch's jobs, so through the reactive client.
     */
    public Uni<Map<String, FoldedJob>> load(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(LOAD).execute(Tuple.of(jobIds.toArray(String[]::new))).map(rows -> {
            Map<String, FoldedJob> known = new HashMap<>();
            for (Row row : rows) {
                Integer partition = row.getInteger(3);
                known.put(row.getString(0), new FoldedJob(state(row.getString(1)), row.getLong(2),
                        partition == null ? -1 : partition));
            }
            return known;
        });
    }

    /**
     * External jobs on these partitions that have not ended and have not reported themselves since {@code before}
     * (estimates do not count), the quietest first.
     */
    public Uni<List<String>> quietExternalJobs(Instant before, Set<Integer> partitions, int limit) {
        return pool.preparedQuery(QUIET_EXTERNAL)
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), partitions.toArray(Integer[]::new), limit))
                .map(rows -> {
                    List<String> jobIds = new ArrayList<>();
                    rows.forEach(row -> jobIds.add(row.getString(0)));
                    return jobIds;
                });
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
        return pool.preparedQuery(LIVE_BATCHES).execute(Tuple.of(since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Set<TenantBatch> batches = new HashSet<>();
                    rows.forEach(row -> batches.add(new TenantBatch(row.getString(0), row.getString(1))));
                    return batches;
                });
    }

    /** A page of the jobs live state holds: active ones and those finished after {@code since}. */
    public Uni<List<JobState>> live(Instant since, int page, int pageSize) {
        return Panache.withSession(() -> JobRecord.live(since, page, pageSize))
                .map(records -> records.stream().map(r -> state(r.snapshot)).toList());
    }

    /** Each tenant's jobs by status: the active ones and those finished after {@code since}. */
    public Uni<List<QueueCounts>> queueCounts(Set<String> tenants, Instant since) {
        if (tenants.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery("""
                        select j.tenant, j.status, count(j) from JobRecord j
                        where j.tenant in (:tenants) and (j.finishedAt is null or j.finishedAt > :since)
                        group by j.tenant, j.status""", Object[].class)
                        .setParameter("tenants", tenants).setParameter("since", since)
                        .getResultList()))
                .map(rows -> {
                    Map<String, Map<JobStatus, Long>> counts = new HashMap<>();
                    tenants.forEach(t -> counts.put(t, zeroes()));
                    rows.forEach(r -> counts.get((String) r[0]).put(JobStatus.valueOf((String) r[1]), (Long) r[2]));
                    return counts.entrySet().stream().map(e -> new QueueCounts(e.getKey(), e.getValue())).toList();
                });
    }

    /** The progress of each of the given batches, over all of its jobs. */
    public Uni<List<BatchProgress>> batches(Set<TenantBatch> batches) {
        if (batches.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> tenants = batches.stream().map(TenantBatch::tenant).collect(Collectors.toSet());
        Set<String> batchIds = batches.stream().map(TenantBatch::batchId).collect(Collectors.toSet());
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery("""
                        select j.tenant, j.batchId, j.status, count(j), sum(j.progress), max(j.expectedFinishAt)
                        from JobRecord j where j.tenant in (:tenants) and j.batchId in (:batches)
                        group by j.tenant, j.batchId, j.status""", Object[].class)
                        .setParameter("tenants", tenants).setParameter("batches", batchIds)
                        .getResultList()))
                .map(rows -> {
                    Map<TenantBatch, BatchTotals> totals = new HashMap<>();
                    for (Object[] row : rows) {
                        var key = new TenantBatch((String) row[0], (String) row[1]);
                        if (batches.contains(key)) {
                            totals.computeIfAbsent(key, k -> new BatchTotals()).add(JobStatus.valueOf((String) row[2]),
                                    (Long) row[3], (Double) row[4], (Instant) row[5]);
                        }
                    }
                    return totals.entrySet().stream().map(e -> e.getValue().toProgress(e.getKey())).toList();
                });
    }

    /** The newest {@code limit} log lines of each job, oldest first, as batches of one job each. */
    public Uni<List<LogBatch>> recentLogs(Collection<String> jobIds, int limit) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(RECENT_LOGS).execute(Tuple.of(jobIds.toArray(String[]::new), limit))
                .map(rows -> {
                    record Key(String jobId, int attempt) {
                    }
                    Map<Key, List<LogLine>> lines = new LinkedHashMap<>();
                    for (Row row : rows) {
                        lines.computeIfAbsent(new Key(row.getString("job_id"), row.getInteger("attempt")),
                                k -> new ArrayList<>()).add(line(row));
                    }
                    return lines.entrySet().stream().map(e -> new LogBatch(UUID.randomUUID(), e.getKey().jobId(),
                            e.getKey().attempt(), "aggregator", Instant.EPOCH, e.getValue())).toList();
                });
    }

    private JobState state(String snapshotJson) {
        return snapshots.decode(snapshotJson.getBytes(StandardCharsets.UTF_8)).state();
    }

    private static LogLine line(Row row) {
        return new LogLine(row.getLong("sequence"), row.getOffsetDateTime("at").toInstant(),
                LogStream.valueOf(row.getString("stream")), LogLevel.valueOf(row.getString("level")),
                row.getString("text"));
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
