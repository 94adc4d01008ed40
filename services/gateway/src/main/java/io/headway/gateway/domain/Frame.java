package io.headway.gateway.domain;

/**
 * One message on its way to a stream client, already encoded; one encoded snapshot is shared by every client that
 * receives it.
 *
 * @param jobId    the job it is about, or null for replies and notices
 * @param sequence the snapshot's sequence, for {@link Kind#SNAPSHOT}
 * @param first    the first log line, for {@link Kind#LOGS} and {@link Kind#LOG_GAP}
 * @param last     the last log line, for {@link Kind#LOGS} and {@link Kind#LOG_GAP}
 */
public record Frame(Kind kind, String jobId, long sequence, LogPosition first, LogPosition last, String text) {

    public enum Kind {
        /** A job's state; a newer one replaces it when the client falls behind. */
        SNAPSHOT,
        /** Log lines; dropped, and reported as a gap, when the client falls behind. */
        LOGS,
        /** Log lines the client will not get on the stream; it can read them from the REST API. */
        LOG_GAP,
        /** Replies, errors and alerts: always delivered, in order. */
        MESSAGE
    }

    public static Frame snapshot(String jobId, long sequence, String text) {
        return new Frame(Kind.SNAPSHOT, jobId, sequence, null, null, text);
    }

    public static Frame logs(String jobId, LogPosition first, LogPosition last, String text) {
        return new Frame(Kind.LOGS, jobId, 0, first, last, text);
    }

    public static Frame message(String text) {
        return new Frame(Kind.MESSAGE, null, 0, null, null, text);
    }
}
