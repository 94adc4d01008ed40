package io.headway.history;

import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.live.LogTailEntry;
import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code job_logs} table (written by {@link HistoryWriter#writeLogs}): a job's lines after a position, for
 * the gateway's log pages and exports, and the newest lines of many jobs, which a live-state rebuild restores.
 */
@ApplicationScoped
public class LogHistory {

    private static final String RECENT = """
            SELECT job_id, attempt, sequence, at, stream, level, text FROM (
                SELECT *, row_number() OVER (PARTITION BY job_id ORDER BY attempt DESC, sequence DESC) AS newest
                FROM job_logs WHERE job_id = ANY($1)) recent
            WHERE newest <= $2
            ORDER BY job_id, attempt, sequence
            """;

    private final Pool pool;

    public LogHistory(Pool pool) {
        this.pool = pool;
    }

    /** A line of one job's log, with the job and the attempt that printed it. */
    public record JobLine(String jobId, int attempt, LogLine line) {
    }

    /**
     * A job's log lines after a position (exclusive), oldest first.
     *
     * @param since  only lines printed at or after this time, when given
     * @param levels only lines of these levels, when not empty
     */
    public Uni<List<LogTailEntry>> after(String jobId, int afterAttempt, long afterSequence, Instant since,
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
        return pool.preparedQuery(sql.toString()).execute(parameters)
                .map(rows -> Rows.all(rows, row -> new LogTailEntry(row.getInteger("attempt"), line(row))));
    }

    /** The newest {@code limit} log lines of each job, each job's oldest first. */
    public Uni<List<JobLine>> newest(Collection<String> jobIds, int limit) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(RECENT).execute(Tuple.of(jobIds.toArray(String[]::new), limit)).map(rows -> {
            List<JobLine> lines = new ArrayList<>(rows.size());
            rows.forEach(row -> lines.add(new JobLine(row.getString("job_id"), row.getInteger("attempt"), line(row))));
            return lines;
        });
    }

    private static LogLine line(Row row) {
        return new LogLine(row.getLong("sequence"), Rows.instant(row, "at"), LogStream.valueOf(row.getString("stream")),
                LogLevel.valueOf(row.getString("level")), row.getString("text"));
    }
}
