package io.headway.eta.store;

import io.headway.eta.model.CheckpointScore;
import io.headway.eta.model.FinishedJob;
import io.headway.eta.model.JobScore;
import io.headway.eta.model.JobTrack;
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
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The predictor's reads and writes of the history database, which the aggregator owns and keeps durable: the events
 * of finished jobs to learn from, the events of jobs still running (to pick a partition up where another instance left it), and
 * the scores of its own estimates, which both calibrate its ranges and feed the accuracy report. Everything it
 * learns is there, so a restart, even after {@code kill -9}, forgets nothing. Called from the predictor's own
 * thread, never from an event loop, so it waits for each result.
 */
@ApplicationScoped
public class EtaHistory {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The newest succeeded jobs of each type that finished after a time (a job of no type teaches nothing). */
    private static final String FINISHED = """
            SELECT job_id FROM (
                SELECT job_id, row_number() OVER (PARTITION BY job_type ORDER BY finished_at DESC) AS newest
                FROM jobs WHERE status = 'SUCCEEDED' AND finished_at > $1 AND job_type IS NOT NULL) ranked
            WHERE newest <= $2
            """;

    /** The events of some jobs, job by job, as the model folds them. */
    private static final String EVENTS_OF = """
            SELECT job_id, payload::text FROM job_events
            WHERE job_id = ANY($1) AND type NOT IN ('EtaEstimated', 'ResourceSampled')
            ORDER BY job_id, occurred_at, kafka_offset
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
    private final Codec<ProgressEvent> events = WireType.PROGRESS.codec();

    public EtaHistory(Pool pool) {
        this.pool = pool;
    }

    /**
     * Jobs that succeeded after {@code since}, at most {@code perType} of each type (the newest), oldest first: their
     * events folded exactly as the model folds a job it watches, so what is learnt after a restart (stage times, how
     * each stage's time spreads over its progress, pauses left out) is what was learnt before it. The events of
     * {@code known} jobs are not read: the model learnt most of the jobs a refresh finds as it watched them finish,
     * and re-reading them cost the predictor and PostgreSQL every event of the last minute's jobs each refresh.
     */
    public List<FinishedJob> finishedSince(Instant since, int perType, Predicate<String> known) {
        List<String> unknown = new ArrayList<>();
        for (Row row : pool.preparedQuery(FINISHED).execute(Tuple.of(utc(since), perType)).await().atMost(TIMEOUT)) {
            if (!known.test(row.getString(0))) {
                unknown.add(row.getString(0));
            }
        }
        if (unknown.isEmpty()) {
            return List.of();
        }
        List<FinishedJob> jobs = new ArrayList<>();
        JobTrack track = null;
        for (Row row : pool.preparedQuery(EVENTS_OF).execute(Tuple.of(unknown.toArray(String[]::new))).await()
                .atMost(TIMEOUT)) {
            String jobId = row.getString(0);
            if (track == null || !track.jobId().equals(jobId)) {
                if (track != null) {
                    track.finished().ifPresent(jobs::add);
                }
                track = new JobTrack(jobId);
            }
            try {
                track.apply(events.decode(row.getString(1).getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException unreadable) {
                // dead-lettered by the aggregator; the rest of the job is still worth learning from
            }
        }
        if (track != null) {
            track.finished().ifPresent(jobs::add);
        }
        jobs.sort(Comparator.comparing(FinishedJob::finishedAt));
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
