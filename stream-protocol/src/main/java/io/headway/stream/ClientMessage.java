package io.headway.stream;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * A message a client sends on the live stream. {@code type} names the kind; {@code id}, when given, is echoed in the
 * reply so a client can match replies to requests. Read and written only through {@link StreamCodec}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = ClientMessage.Subscribe.TYPE),
    @JsonSubTypes.Type(value = ClientMessage.Unsubscribe.class, name = ClientMessage.Unsubscribe.TYPE),
    @JsonSubTypes.Type(value = ClientMessage.GetProgress.class, name = ClientMessage.GetProgress.TYPE),
    @JsonSubTypes.Type(value = ClientMessage.GetBatchProgress.class, name = ClientMessage.GetBatchProgress.TYPE)
})
public sealed interface ClientMessage {

    /** The request id echoed in the reply, or null. */
    String id();

    /**
     * Follow jobs: exactly one selector of {@code jobIds}, {@code batchId}, {@code labels} or {@code all}. The answer
     * is the current snapshot of each job followed, then {@link ServerMessage.Subscribed}, then every change.
     *
     * @param logs       stream the jobs' log lines too
     * @param since      resuming: job id to the last snapshot sequence the client holds, so only newer ones come
     * @param logsAfter  resuming: job id to the last log line the client holds
     * @param coalesceMs 0 or absent: every change at once, one {@code snapshot} message each; otherwise at most one
     *                   {@code snapshots} message per this many milliseconds, with the newest state of each job that
     *                   changed (a job's end comes at once). For views of many jobs, such as a table.
     */
    record Subscribe(String id, List<String> jobIds, String batchId, Map<String, String> labels, Boolean all,
            Boolean logs, Map<String, Long> since, Map<String, LogPosition> logsAfter, Integer coalesceMs)
            implements ClientMessage {

        public static final String TYPE = "subscribe";

        public static Subscribe jobs(List<String> jobIds) {
            return new Subscribe(null, List.copyOf(jobIds), null, null, null, null, null, null, null);
        }

        public static Subscribe jobs(String... jobIds) {
            return jobs(List.of(jobIds));
        }

        public static Subscribe batch(String batchId) {
            return new Subscribe(null, null, batchId, null, null, null, null, null, null);
        }

        public static Subscribe labels(Map<String, String> labels) {
            return new Subscribe(null, null, null, Map.copyOf(labels), null, null, null, null, null);
        }

        public static Subscribe everything() {
            return new Subscribe(null, null, null, null, true, null, null, null, null);
        }

        public Subscribe withId(String requestId) {
            return new Subscribe(requestId, jobIds, batchId, labels, all, logs, since, logsAfter, coalesceMs);
        }

        public Subscribe withLogs() {
            return new Subscribe(id, jobIds, batchId, labels, all, true, since, logsAfter, coalesceMs);
        }

        /** Resuming: what the client already holds. */
        public Subscribe resuming(Map<String, Long> heldSince, Map<String, LogPosition> heldLogs) {
            return new Subscribe(id, jobIds, batchId, labels, all, logs, heldSince, heldLogs, coalesceMs);
        }

        public Subscribe coalescing(int milliseconds) {
            return new Subscribe(id, jobIds, batchId, labels, all, logs, since, logsAfter, milliseconds);
        }

        public boolean wantsAll() {
            return Boolean.TRUE.equals(all);
        }

        public boolean wantsLogs() {
            return Boolean.TRUE.equals(logs);
        }
    }

    /** Stop a subscription: by the id the server gave it, or by the same selector it was made with. */
    record Unsubscribe(String id, String subscription, List<String> jobIds, String batchId,
            Map<String, String> labels, Boolean all) implements ClientMessage {

        public static final String TYPE = "unsubscribe";

        public static Unsubscribe of(String subscription) {
            return new Unsubscribe(null, subscription, null, null, null, null);
        }

        public boolean wantsAll() {
            return Boolean.TRUE.equals(all);
        }
    }

    /** One job's current state, answered by {@link ServerMessage.Progress}. */
    record GetProgress(String id, String jobId) implements ClientMessage {
        public static final String TYPE = "get_progress";
    }

    /** A batch's aggregate progress, answered by {@link ServerMessage.BatchProgressReply}. */
    record GetBatchProgress(String id, String batchId) implements ClientMessage {
        public static final String TYPE = "get_batch_progress";
    }
}
