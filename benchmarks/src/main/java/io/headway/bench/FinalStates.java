package io.headway.bench;

import io.headway.events.JobSnapshot;
import io.headway.events.ProgressEvent;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The accounting of a run's final states: each job's snapshot in history must equal the shared reducer's fold of the
 * job's events as history holds them, in log order (the events the run sent, each once, and the ETA predictor's
 * estimates), and must show the job ended with every unit the run reported. Both are read in one consistent view of
 * the database, since the aggregator writes a job's events and its snapshot in one transaction.
 */
final class FinalStates {

    private static final Codec<ProgressEvent> EVENTS = WireType.PROGRESS.codec();
    private static final Codec<JobSnapshot> SNAPSHOTS = WireType.JOB_STATE.codec();

    private FinalStates() {
    }

    /**
     * Checks every job whose id starts with {@code jobIdPrefix}.
     *
     * @param unitsSent how many units (one per progress event) the run reported for a job
     * @return jobs checked, how many equal their fold, how many ended right, and the first job that did not
     */
    static Map<String, Object> check(Connection connection, String jobIdPrefix, ToLongFunction<String> unitsSent)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            Map<String, JobState> folded = fold(connection, jobIdPrefix);
            Map<String, Object> result = compare(connection, jobIdPrefix, folded, unitsSent);
            connection.commit();
            return result;
        } finally {
            connection.setAutoCommit(autoCommit);
            connection.setTransactionIsolation(isolation);
        }
    }

    private static Map<String, JobState> fold(Connection connection, String jobIdPrefix) throws SQLException {
        Map<String, JobState> folded = new HashMap<>();
        try (var query = connection.prepareStatement("SELECT job_id, payload::text FROM job_events "
                + "WHERE job_id LIKE ? ORDER BY kafka_partition, kafka_offset")) {
            query.setString(1, jobIdPrefix + "%");
            query.setFetchSize(5_000);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    ProgressEvent event = EVENTS.decode(rows.getString(2).getBytes(StandardCharsets.UTF_8));
                    folded.merge(rows.getString(1), JobReducer.apply(null, event),
                            (state, first) -> JobReducer.apply(state, event));
                }
            }
        }
        return folded;
    }

    private static Map<String, Object> compare(Connection connection, String jobIdPrefix,
            Map<String, JobState> folded, ToLongFunction<String> unitsSent) throws SQLException {
        long jobs = 0;
        long equal = 0;
        long endedRight = 0;
        String firstDifferent = null;
        try (var query = connection.prepareStatement("SELECT job_id, snapshot::text FROM jobs WHERE job_id LIKE ?")) {
            query.setString(1, jobIdPrefix + "%");
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    jobs++;
                    String jobId = rows.getString(1);
                    JobState stored = SNAPSHOTS.decode(rows.getString(2).getBytes(StandardCharsets.UTF_8)).state();
                    boolean same = stored.equals(folded.get(jobId));
                    boolean ended = stored.status() == JobStatus.SUCCEEDED && stored.units() != null
                            && stored.units().current() == unitsSent.applyAsLong(jobId);
                    equal += same ? 1 : 0;
                    endedRight += ended ? 1 : 0;
                    if ((!same || !ended) && firstDifferent == null) {
                        firstDifferent = jobId;
                    }
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jobs", jobs);
        result.put("equalToFold", equal);
        result.put("endedWithEveryUnit", endedRight);
        result.put("firstWrong", firstDifferent);
        return result;
    }
}
