package io.headway.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.codec.HeadwayJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real jobs on the executor while the pipeline runs: {@code demo} jobs submitted over REST at the start of the
 * measured part, sized to run through most of it, so a chaos case strikes while they run. Afterwards it checks what
 * a user would: every job ended SUCCEEDED, none was lost, and none ran to completion twice (one {@code JobSucceeded}
 * each in the history), however many attempts a fault cost it.
 */
final class ExecutorJobs {

    private static final ObjectMapper JSON = HeadwayJson.mapper();
    /** The demo template's typical time per item; the job's length is items × this. */
    private static final int DELAY_MS = 100;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String gateway;
    private final String key;
    private final List<String> jobIds = new ArrayList<>();

    ExecutorJobs(String gateway, String key) {
        this.gateway = gateway;
        this.key = key;
    }

    /** Submits {@code count} demo jobs of about {@code seconds} each. */
    void submit(int count, int seconds, String label) throws Exception {
        if (count == 0) {
            return;
        }
        String body = """
                {"type": "demo", "parameters": {"size": "%d", "delayMs": "%d"}, "labels": {"bench": "%s"}}"""
                .formatted(Math.max(1, seconds * 1000 / DELAY_MS), DELAY_MS, label);
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/jobs"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("submitting a demo job: " + response.statusCode() + " "
                        + response.body());
            }
            jobIds.add(JSON.readTree(response.body()).path("jobId").asText());
        }
        System.out.printf("executor jobs: %d demo jobs of about %d s submitted%n", count, seconds);
    }

    /**
     * Waits until every job has ended in the history (or the patience is out), then reports how they ended: how many
     * succeeded, were lost (never ended), ended otherwise, or completed more than once, and the most attempts one took.
     */
    Map<String, Object> check(Connection db) throws SQLException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("submitted", (long) jobIds.size());
        if (jobIds.isEmpty()) {
            return report;
        }
        String[] ids = jobIds.toArray(String[]::new);
        try (var ended = db.prepareStatement(
                "SELECT count(*) FROM jobs WHERE job_id = ANY(?) AND finished_at IS NOT NULL")) {
            ended.setArray(1, db.createArrayOf("text", ids));
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                try (var rows = ended.executeQuery()) {
                    rows.next();
                    return rows.getLong(1) == ids.length;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below as lost
        }
        try (var query = db.prepareStatement("""
                SELECT j.status, j.finished_at IS NOT NULL,
                       (SELECT count(*) FROM job_events e WHERE e.job_id = j.job_id AND e.type = 'JobSucceeded'),
                       (SELECT count(*) FROM job_events e WHERE e.job_id = j.job_id AND e.type = 'JobStarted')
                FROM jobs j WHERE j.job_id = ANY(?)""")) {
            query.setArray(1, db.createArrayOf("text", ids));
            long succeeded = 0;
            long endedOtherwise = 0;
            long completedTwice = 0;
            long found = 0;
            long mostAttempts = 0;
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    found++;
                    boolean ended = rows.getBoolean(2);
                    if (ended && "SUCCEEDED".equals(rows.getString(1))) {
                        succeeded++;
                    } else if (ended) {
                        endedOtherwise++;
                    }
                    if (rows.getLong(3) > 1) {
                        completedTwice++;
                    }
                    mostAttempts = Math.max(mostAttempts, rows.getLong(4));
                }
            }
            report.put("succeeded", succeeded);
            report.put("lost", ids.length - succeeded - endedOtherwise);
            report.put("endedOtherwise", endedOtherwise);
            report.put("completedTwice", completedTwice);
            report.put("mostAttempts", mostAttempts);
            report.put("inHistory", found);
        }
        return report;
    }
}
