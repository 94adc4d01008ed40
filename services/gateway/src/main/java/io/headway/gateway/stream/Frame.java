package io.headway.gateway.stream;

import io.headway.events.live.LogTailEntry;
import io.headway.stream.LogPosition;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server message on its way to a stream client, already encoded; one encoded snapshot is shared by every client
 * that receives it. The kind says what the {@link Outbox} may do with it when the client falls behind.
 *
 * @param type     the message's {@code type}: the SSE event name
 * @param jobId    the job it is about, or null for replies and notices
 * @param sequence the snapshot's sequence, for {@link Kind#SNAPSHOT}
 * @param first    the first log line, for {@link Kind#LOGS} and {@link Kind#LOG_GAP}
 * @param last     the last log line, for {@link Kind#LOGS} and {@link Kind#LOG_GAP}
 * @param carried  for {@link Kind#SNAPSHOTS}, the sequence of each job's snapshot in it
 */
public record Frame(Kind kind, String type, String jobId, long sequence, LogPosition first, LogPosition last,
        Map<String, Long> carried, String text) {

    public enum Kind {
        /** A job's state; a newer one replaces it when the client falls behind. */
        SNAPSHOT,
        /** Log lines; dropped, and reported as a gap, when the client falls behind. */
        LOGS,
        /** Log lines the client will not get on the stream; it can read them from the REST API. */
        LOG_GAP,
        /** Coalesced snapshots of several jobs: delivered like a message. */
        SNAPSHOTS,
        /** Replies, errors and alerts: always delivered, in order. */
        MESSAGE
    }

    /** A job's snapshot, around its JSON as it came from {@code headway.job-state}, not decoded again. */
    public static Frame snapshot(String jobId, long sequence, String jobSnapshotJson) {
        return new Frame(Kind.SNAPSHOT, ServerMessage.Snapshot.TYPE, jobId, sequence, null, null, Map.of(),
                StreamCodec.snapshot(jobSnapshotJson));
    }

    /** The newest snapshots of jobs that changed, for a coalescing subscription, from their own frames. */
    public static Frame snapshots(Collection<Frame> snapshots) {
        Map<String, Long> carried = new LinkedHashMap<>();
        List<String> messages = new ArrayList<>(snapshots.size());
        for (Frame snapshot : snapshots) {
            carried.put(snapshot.jobId(), snapshot.sequence());
            messages.add(snapshot.text());
        }
        return new Frame(Kind.SNAPSHOTS, ServerMessage.Snapshots.TYPE, null, 0, null, null, Map.copyOf(carried),
                StreamCodec.snapshots(messages));
    }

    public static Frame logs(String jobId, List<LogTailEntry> lines) {
        return new Frame(Kind.LOGS, ServerMessage.Logs.TYPE, jobId, 0, LogPosition.of(lines.getFirst()),
                LogPosition.of(lines.getLast()), Map.of(), StreamCodec.encode(ServerMessage.Logs.of(jobId, lines)));
    }

    /** Lines the client will not get on the stream: it can read them with {@code GET /jobs/{id}/logs}. */
    public static Frame logGap(String jobId, LogPosition[] range) {
        return new Frame(Kind.LOG_GAP, ServerMessage.LogsGap.TYPE, jobId, 0, range[0], range[1], Map.of(),
                StreamCodec.encode(new ServerMessage.LogsGap(jobId, range[0], range[1],
                        "these log lines were skipped on the stream; read them from the REST API")));
    }

    /** A gap the history could not fill: lines after {@code after} were never found. */
    public static Frame missingLogs(String jobId, LogPosition after) {
        return of(new ServerMessage.LogsGap(jobId, after, null, "log lines after this one could not be found"));
    }

    /** A reply, an error or a notice. */
    public static Frame of(ServerMessage message) {
        return message(StreamCodec.typeOf(message), StreamCodec.encode(message));
    }

    /** A reply to {@code get_progress}, around the snapshot's JSON as it is stored. */
    public static Frame progress(String id, String jobSnapshotJson) {
        return message(ServerMessage.Progress.TYPE, StreamCodec.progress(id, jobSnapshotJson));
    }

    public static Frame error(String id, ServerMessage.ErrorCode code, String message) {
        return of(new ServerMessage.Error(id, code, message));
    }

    private static Frame message(String type, String text) {
        return new Frame(Kind.MESSAGE, type, null, 0, null, null, Map.of(), text);
    }
}
