package io.headway.eta.store;

import io.headway.eta.model.CheckpointScore;
import io.headway.eta.model.FinishedJob;
import io.headway.eta.model.JobScore;
import io.headway.events.JobSnapshot;
import io.headway.events.ProgressEvent;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.WireType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The predictor's reads and writes of the history database, which the aggregator owns and keeps durable: finished
 * jobs to learn from, the events of jobs still running (to pick a partition up where another instance left it), and
 * the scores of its own estimates, which both calibrate its ranges and feed the accuracy report. Everything it
 * learns is there, so a restart, even after {@code kill -9}, forgets nothing. Called from the predictor's own
 * thread, never from an event loop, so it waits for each result.
 */
@ApplicationScoped
public class EtaHistory {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String FINISHED = """
            SELECT snapshot::text FROM jobs
            WHERE status = 'SUCCEEDED' AND finished_at > $1
            ORDER BY finished_at DESC LIMIT $2
            """;

    private static final String RUNNING_EVENTS = """
            SELECT e.kafka_partition, e.payload::text FROM job_events e JOIN jobs j ON j.job_id = e.job_id
            WHERE j.finished_at IS NULL AND j.updated_at > $1 AND e.kafka_partition = ANY($2)
            ORDER BY e.occurred_at, e.kafka_offset
            """;

    private static final String RESIDUALS = """
            SELECT job_type, z FROM (
                SELECT job_type, z, row_number() OVER (PARTITION BY job_type ORDER BY finished_at DESC) AS newest
                FROM eta_scores WHERE finished_at > $1) recent
            WHERE newest <= $2 ORDER BY job_type, newest DESC
            """;

    private static final String INSERT_SCORE = """
            INSERT INTO eta_scores (job_id, level, tenant, job_type, model, estimated_ms, low_ms, high_ms, actual_ms,
                                    z, finished_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (job_id, level) DO NOTHING
            """;

    private final Pool pool;
    private final Codec<JobSnapshot> snapshots = WireType.JOB_STATE.codec();
    private final Codec<ProgressEvent> events = WireType.PROGRESS.codec();

    public EtaHistory(Pool pool) {
        this.pool = pool;
    }

    /** Jobs that succeeded after {@code since}, newest first, as much as there is to learn from each. */
    public List<FinishedJob> finishedSince(Instant since, int limit) {
        List<FinishedJob> jobs = new ArrayList<>();
        for (Row row : pool.preparedQuery(FINISHED).execute(Tuple.of(utc(since), limit)).await().atMost(TIMEOUT)) {
            snapshot(row.getString(0)).ifPresent(jobs::add);
        }
        return jobs;
    }

    /** Every event so far of the jobs still running on these partitions, in time order. */
    public List<Located> runningEvents(Collection<Integer> partitions, Instant activeSince) {
        List<Located> found = new ArrayList<>();
        Tuple args = Tuple.of(utc(activeSince), partitions.toArray(Integer[]::new));
        for (Row row : pool.preparedQuery(RUNNING_EVENTS).execute(args).await().atMost(TIMEOUT)) {
            try {
                found.add(new Located(row.getInteger(0),
                        events.decode(row.getString(1).getBytes(StandardCharsets.UTF_8))));
            } catch (RuntimeException unreadable) {
                // The aggregator dead-lettered it already; there is nothing to estimate from.
            }
        }
        return found;
    }

    /** The residuals of recent scored estimates, up to {@code perType} of each type, newest last. */
    public List<Residual> residuals(Instant since, int perType) {
        List<Residual> found = new ArrayList<>();
        for (Row row : pool.preparedQuery(RESIDUALS).execute(Tuple.of(utc(since), perType)).await()
                .atMost(TIMEOUT)) {
            found.add(new Residual(row.getString(0), row.getDouble(1)));
        }
        return found;
    }

    /** Keeps a finished job's scores; a job scored before keeps its first scores. */
    public void save(JobScore score) {
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < score.scores().size(); i++) {
            CheckpointScore s = score.scores().get(i);
            rows.add(Tuple.from(List.of(score.jobId(), s.level(), score.tenant() == null ? "" : score.tenant(),
                    score.jobType(), score.model(), s.estimatedMs(), s.lowMs(), s.highMs(), s.actualMs(),
                    score.zScores().get(i), utc(score.finishedAt()))));
        }
        if (!rows.isEmpty()) {
            pool.preparedQuery(INSERT_SCORE).executeBatch(rows).await().atMost(TIMEOUT);
        }
    }

    private Optional<FinishedJob> snapshot(String json) {
        try {
            var state = snapshots.decode(json.getBytes(StandardCharsets.UTF_8)).state();
            if (state.startedAt() == null || state.finishedAt() == null) {
                return Optional.empty();
            }
            long ran = Duration.between(state.startedAt(), state.finishedAt()).toMillis();
            return FinishedJob.of(state, ran);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** An event and the partition it was read from. */
    public record Located(int partition, ProgressEvent event) {
    }

    /** A scored estimate's standardised residual, by job type. */
    public record Residual(String jobType, double z) {
    }
}
