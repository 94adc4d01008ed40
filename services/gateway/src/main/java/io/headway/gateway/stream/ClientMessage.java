package io.headway.gateway.stream;

import java.util.List;
import java.util.Map;

/**
 * A message from a stream client. {@code type} says which fields matter:
 * <ul>
 *   <li>{@code subscribe}: exactly one of {@code jobIds}, {@code batchId}, {@code labels}, {@code all}; optionally
 *   {@code logs}, and when resuming {@code since} (job id to the last snapshot sequence seen) and {@code logsAfter}
 *   (job id to the last log line seen);</li>
 *   <li>{@code unsubscribe}: {@code subscription}, or the same selector as the subscription;</li>
 *   <li>{@code get_progress}: {@code jobId}; {@code get_batch_progress}: {@code batchId}.</li>
 * </ul>
 * {@code id} is echoed in the reply, to match replies to requests.
 */
public record ClientMessage(
        String type, String id, List<String> jobIds, String batchId, Map<String, String> labels, Boolean all,
        Boolean logs, Map<String, Long> since, Map<String, LogMark> logsAfter, String subscription, String jobId) {

    /** The last log line a client has of a job. */
    public record LogMark(int attempt, long sequence) {
    }

    public boolean wantsAll() {
        return Boolean.TRUE.equals(all);
    }

    public boolean wantsLogs() {
        return Boolean.TRUE.equals(logs);
    }
}
