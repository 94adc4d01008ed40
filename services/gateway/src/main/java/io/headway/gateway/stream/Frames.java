package io.headway.gateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.Alert;
import io.headway.events.LogLine;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.gateway.domain.Frame;
import io.headway.gateway.domain.LogPosition;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the stream sends. Every message has a {@code type}; messages about a job carry its {@code jobId}, and
 * snapshots their {@code sequence}, which grows with every change of the job.
 */
public final class Frames {

    private static final ObjectMapper JSON = HeadwayJson.mapper();

    private Frames() {
    }

    /**
     * A snapshot from {@code headway.job-state} as the stream sends it: the same JSON with a {@code type} in front,
     * built without decoding and encoding it again.
     */
    public static Frame snapshot(String jobId, long sequence, String snapshotJson) {
        return Frame.snapshot(jobId, sequence, "{\"type\":\"snapshot\"," + snapshotJson.substring(1));
    }

    public static Frame logs(String jobId, List<LogTailEntry> lines) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "logs");
        message.put("jobId", jobId);
        message.put("lines", lines.stream().map(Frames::line).toList());
        return Frame.logs(jobId, LogPosition.of(lines.getFirst()), LogPosition.of(lines.getLast()), write(message));
    }

    /** Lines the client will not get on the stream: it can read them with {@code GET /jobs/{id}/logs}. */
    public static Frame logGap(String jobId, LogPosition[] range) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "logs_gap");
        message.put("jobId", jobId);
        message.put("from", range[0]);
        message.put("to", range[1]);
        message.put("detail", "these log lines were skipped on the stream; read them from the REST API");
        return new Frame(Frame.Kind.LOG_GAP, jobId, 0, range[0], range[1], write(message));
    }

    /** A gap the history could not fill: lines after {@code after} were never found. */
    public static Frame missingLogs(String jobId, LogPosition after) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "logs_gap");
        message.put("jobId", jobId);
        message.put("from", after);
        message.put("detail", "log lines after this one could not be found");
        return Frame.message(write(message));
    }

    public static Frame alert(Alert alert) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "alert");
        message.put("jobId", alert.jobId());
        message.put("alert", alert);
        return Frame.message(write(message));
    }

    public static Frame subscribed(String id, String subscription, int jobs, List<String> pending) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "subscribed");
        putId(message, id);
        message.put("subscription", subscription);
        message.put("jobs", jobs);
        message.put("pending", pending);
        return Frame.message(write(message));
    }

    public static Frame unsubscribed(String id, List<String> subscriptions) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "unsubscribed");
        putId(message, id);
        message.put("subscriptions", subscriptions);
        return Frame.message(write(message));
    }

    public static Frame progress(String id, String snapshotJson) {
        return Frame.message("{\"type\":\"progress\"," + (id == null ? "" : "\"id\":" + quote(id) + ",")
                + "\"snapshot\":" + snapshotJson + "}");
    }

    public static Frame batchProgress(String id, BatchProgress batch) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "batch_progress");
        putId(message, id);
        message.put("batch", batch);
        return Frame.message(write(message));
    }

    /**
     * An error about a message, or about the connection.
     *
     * @param code a stable, machine-readable name: {@code bad_message}, {@code not_found}, {@code limit},
     *             {@code too_slow}, {@code unavailable}
     */
    public static Frame error(String id, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "error");
        putId(error, id);
        error.put("code", code);
        error.put("message", message);
        return Frame.message(write(error));
    }

    private static Map<String, Object> line(LogTailEntry entry) {
        LogLine line = entry.line();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attempt", entry.attempt());
        json.put("sequence", line.sequence());
        json.put("at", line.at());
        json.put("stream", line.stream());
        json.put("level", line.level());
        json.put("text", line.text());
        return json;
    }

    private static void putId(Map<String, Object> message, String id) {
        if (id != null) {
            message.put("id", id);
        }
    }

    private static String quote(String text) {
        return write(text);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
