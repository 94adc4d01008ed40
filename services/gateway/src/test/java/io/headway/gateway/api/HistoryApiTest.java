package io.headway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.headway.events.JobSnapshot;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.WireType;
import io.headway.gateway.GatewayTestSupport;
import io.headway.gateway.GatewayTestSupport.FakeJob;
import io.headway.gateway.GatewayTestSupport.Tenant;
import io.headway.gateway.auth.ApiKeyStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads of the history as the aggregator leaves it in PostgreSQL (rows written here the way it writes them): search
 * with filters and cursors, a job's logs, events, samples and checkpoints, the fallback when Redis no longer holds a
 * job, and exports.
 */
@QuarkusTest
class HistoryApiTest {

    @Inject
    ApiKeyStore keys;

    @Inject
    DataSource jdbc;

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = GatewayTestSupport.newTenant(keys);
    }

    @Test
    void searchFiltersByStatusTypeBatchLabelsAndTimeAndPagesWithACursor() {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<String> ids = List.of(store("b1", Map.of("team", "search"), base.plusSeconds(1)),
                store("b1", Map.of("team", "search"), base.plusSeconds(2)),
                store("b2", Map.of("team", "ads"), base.plusSeconds(3)));

        Response page1 = search("?label=team:search&limit=1");
        page1.then().statusCode(200).body("items.jobId", contains(ids.get(1)));
        search("?label=team:search&limit=1&cursor=" + page1.path("next")).then()
                .body("items.jobId", contains(ids.get(0)));
        search("?batchId=b2").then().body("items.jobId", contains(ids.get(2))).body("next", nullValue());
        search("?status=QUEUED&type=demo&from=2026-01-01T00:00:02Z&to=2026-01-01T00:00:03Z").then()
                .body("items.jobId", contains(ids.get(1)));
        search("?status=RUNNING").then().body("items", hasSize(0));
        search("?status=DONE").then().statusCode(400).body("detail", equalTo(
                "status 'DONE' is not one of [QUEUED, RUNNING, PAUSED, RETRYING, SUCCEEDED, FAILED, CANCELLED, "
                        + "TIMED_OUT]"));
        search("?cursor=garbage").then().statusCode(400);
    }

    @Test
    void aJobRedisNoLongerHoldsIsReadFromTheHistoryWithItsLogsAndEvents() throws SQLException {
        String jobId = store(null, Map.of(), Instant.parse("2026-02-01T00:00:00Z"));
        try (Connection connection = jdbc.getConnection()) {
            PreparedStatement logs = connection.prepareStatement("INSERT INTO job_logs (job_id, attempt, sequence, "
                    + "at, stream, level, text) VALUES (?, 1, ?, now(), 'STDOUT', ?, ?)");
            for (int i = 1; i <= 5; i++) {
                logs.setString(1, jobId);
                logs.setLong(2, i);
                logs.setString(3, i == 4 ? "ERROR" : "INFO");
                logs.setString(4, "line " + i);
                logs.addBatch();
            }
            logs.executeBatch();
            PreparedStatement events = connection.prepareStatement("INSERT INTO job_events (job_id, event_id, type, "
                    + "occurred_at, source, kafka_partition, kafka_offset, payload) VALUES (?, ?, ?, now(), 'test', "
                    + "0, ?, ?::jsonb)");
            String[] types = {"JobSubmitted", "ResourceSampled", "CheckpointSaved", "ResourceSampled"};
            for (int i = 0; i < types.length; i++) {
                events.setString(1, jobId);
                events.setObject(2, UUID.randomUUID());
                events.setString(3, types[i]);
                events.setLong(4, 100 + i);
                events.setString(5, "{\"type\": \"" + types[i] + "\", \"n\": " + i + "}");
                events.addBatch();
            }
            events.executeBatch();
        }
        get("/api/v1/jobs/" + jobId).then().statusCode(200).body("state.status", equalTo("QUEUED"));
        get("/api/v1/jobs/" + jobId + "/logs?limit=2").then().body("items.line.text", contains("line 1", "line 2"))
                .body("next", equalTo("1:2"));
        get("/api/v1/jobs/" + jobId + "/logs?after=1:2").then().body("items.line.sequence", contains(3, 4, 5));
        get("/api/v1/jobs/" + jobId + "/logs?level=error").then().body("items.line.text", contains("line 4"));
        get("/api/v1/jobs/" + jobId + "/logs?after=nonsense").then().statusCode(400);
        get("/api/v1/jobs/" + jobId + "/resources").then().body("items.payload.n", contains(1, 3));
        get("/api/v1/jobs/" + jobId + "/checkpoints").then().body("items.offset", contains(102));
        get("/api/v1/jobs/" + jobId + "/events?after=100&limit=2").then().body("items.type",
                contains("ResourceSampled", "CheckpointSaved")).body("next", equalTo("102"));

        String csv = get("/api/v1/jobs/" + jobId + "/events/export?format=csv").then().statusCode(200)
                .contentType("text/csv").extract().asString();
        assertThat(csv.lines()).hasSize(5).first().isEqualTo("eventId,type,occurredAt,source,offset,payload");
        assertThat(csv).contains("\"{\"\"n\"\": 0, \"\"type\"\": \"\"JobSubmitted\"\"}\"");
        get("/api/v1/jobs/" + jobId + "/events/export").then().statusCode(200).body("$", hasSize(4));
        get("/api/v1/jobs/" + jobId + "/events/export?format=xml").then().statusCode(400);
    }

    @Test
    void aJobListExportsAsCsvAndJson() {
        String jobId = store("exported", Map.of("k", "v, with \"quotes\""), Instant.parse("2026-03-01T00:00:00Z"));
        String csv = get("/api/v1/jobs/export?format=csv&batchId=exported").then().statusCode(200).extract()
                .asString();
        assertThat(csv.lines()).containsExactly(
                "jobId,type,status,batchId,labels,progress,submittedAt,startedAt,finishedAt,updatedAt",
                jobId + ",demo,QUEUED,exported,\"{\"\"k\"\":\"\"v, with \\\"\"quotes\\\"\"\"\"}\",0.0,"
                        + "2026-03-01T00:00:00Z,,,2026-03-01T00:00:00Z");
        get("/api/v1/jobs/export?batchId=exported").then().statusCode(200).body("jobId", contains(jobId));
        get("/api/v1/jobs/export?batchId=no-such-batch").then().statusCode(200).body("$", hasSize(0));
    }

    /** Writes a job's history row as the aggregator does, and nothing to Redis. */
    @Test
    void aBatchFromHistoryHasEveryStatusAsTheLiveOneDoes() {
        String batchId = "history-batch-" + UUID.randomUUID();
        store(batchId, Map.of(), Instant.parse("2026-01-01T00:00:00Z"));

        get("/api/v1/batches/" + batchId).then().statusCode(200).body("jobs", equalTo(1))
                .body("byStatus.keySet()", contains("QUEUED", "RUNNING", "PAUSED", "RETRYING", "SUCCEEDED",
                        "FAILED", "CANCELLED", "TIMED_OUT"))
                .body("byStatus.QUEUED", equalTo(1)).body("byStatus.FAILED", equalTo(0));
    }

    private String store(String batchId, Map<String, String> labels, Instant submittedAt) {
        FakeJob job = new FakeJob(tenant.name(), batchId, labels);
        JobSnapshot snapshot = job.snapshot();
        String json = new String(WireType.JOB_STATE.codec().encode(snapshot), StandardCharsets.UTF_8);
        try (Connection connection = jdbc.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO jobs (job_id, tenant, job_type, status, batch_id, labels, progress, sequence, snapshot, "
                        + "submitted_at, updated_at) VALUES (?, ?, 'demo', 'QUEUED', ?, ?::jsonb, 0, ?, ?::jsonb, ?, ?)")) {
            insert.setString(1, job.id());
            insert.setString(2, tenant.name());
            insert.setString(3, batchId);
            insert.setString(4, HeadwayJson.mapper().writeValueAsString(labels));
            insert.setLong(5, snapshot.sequence());
            insert.setString(6, json);
            insert.setTimestamp(7, Timestamp.from(submittedAt));
            insert.setTimestamp(8, Timestamp.from(submittedAt));
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return job.id();
    }

    private Response search(String query) {
        return get("/api/v1/jobs" + query);
    }

    private Response get(String path) {
        return given().header("Authorization", GatewayTestSupport.bearer(tenant)).get(path);
    }
}
