package io.headway.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.headway.events.Alert;
import io.headway.events.JobSnapshot;
import io.headway.events.LogLevel;
import io.headway.events.LogStream;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.events.state.JobState;
import java.time.Instant;
import java.util.List;

/**
 * A message the server sends on the live stream. {@code type} names the kind; replies carry the {@code id} of the
 * request they answer. Read and written only through {@link StreamCodec}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.Snapshot.class, name = ServerMessage.Snapshot.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.Snapshots.class, name = ServerMessage.Snapshots.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.Logs.class, name = ServerMessage.Logs.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.LogsGap.class, name = ServerMessage.LogsGap.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.AlertChanged.class, name = ServerMessage.AlertChanged.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.Subscribed.class, name = ServerMessage.Subscribed.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.Unsubscribed.class, name = ServerMessage.Unsubscribed.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.Progress.class, name = ServerMessage.Progress.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.BatchProgressReply.class, name = ServerMessage.BatchProgressReply.TYPE),
    @JsonSubTypes.Type(value = ServerMessage.Error.class, name = ServerMessage.Error.TYPE)
})
public sealed interface ServerMessage {

    /**
     * A job's state. {@code sequence} grows with every change of the job, so a client keeps the snapshot with the
     * highest one. The same fields as a {@link JobSnapshot} on {@code headway.job-state}.
     */
    record Snapshot(String jobId, long sequence, JobState state) implements ServerMessage {
        public static final String TYPE = "snapshot";

        public static Snapshot of(JobSnapshot snapshot) {
            return new Snapshot(snapshot.jobId(), snapshot.sequence(), snapshot.state());
        }

        public JobSnapshot toJobSnapshot() {
            return new JobSnapshot(jobId, sequence, state);
        }
    }

    /** The newest state of each job that changed, for a subscription that coalesces ({@code coalesceMs}). */
    record Snapshots(List<JobSnapshot> snapshots) implements ServerMessage {
        public static final String TYPE = "snapshots";

        public Snapshots {
            snapshots = List.copyOf(snapshots);
        }
    }

    /** Log lines of a job, in order. */
    record Logs(String jobId, List<Line> lines) implements ServerMessage {
        public static final String TYPE = "logs";

        public Logs {
            lines = List.copyOf(lines);
        }

        public static Logs of(String jobId, List<LogTailEntry> entries) {
            return new Logs(jobId, entries.stream().map(Line::of).toList());
        }
    }

    /** One log line and the attempt it belongs to. */
    record Line(int attempt, long sequence, Instant at, LogStream stream, LogLevel level, String text) {
        public static Line of(LogTailEntry entry) {
            return new Line(entry.attempt(), entry.line().sequence(), entry.line().at(), entry.line().stream(),
                    entry.line().level(), entry.line().text());
        }

        public LogPosition position() {
            return new LogPosition(attempt, sequence);
        }
    }

    /**
     * Log lines the client will not get on the stream, from {@code from} to {@code to} (absent: all after
     * {@code from}); {@code GET /api/v1/jobs/{id}/logs} has them.
     */
    record LogsGap(String jobId, LogPosition from, LogPosition to, String detail) implements ServerMessage {
        public static final String TYPE = "logs_gap";
    }

    /** An alert about a followed job was raised, updated or resolved. */
    record AlertChanged(String jobId, Alert alert) implements ServerMessage {
        public static final String TYPE = "alert";
    }

    /**
     * The answer to {@link ClientMessage.Subscribe}, after the current snapshots.
     *
     * @param subscription the id to unsubscribe with
     * @param jobs         how many snapshots were sent with it
     * @param pending      job ids asked for that do not exist yet: they are followed from their first state
     */
    record Subscribed(String id, String subscription, int jobs, List<String> pending) implements ServerMessage {
        public static final String TYPE = "subscribed";

        public Subscribed {
            pending = List.copyOf(pending);
        }
    }

    record Unsubscribed(String id, List<String> subscriptions) implements ServerMessage {
        public static final String TYPE = "unsubscribed";

        public Unsubscribed {
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /** The answer to {@link ClientMessage.GetProgress}. */
    record Progress(String id, JobSnapshot snapshot) implements ServerMessage {
        public static final String TYPE = "progress";
    }

    /** The answer to {@link ClientMessage.GetBatchProgress}. */
    record BatchProgressReply(String id, BatchProgress batch) implements ServerMessage {
        public static final String TYPE = "batch_progress";
    }

    /**
     * An error about a message (with its {@code id} when it had one), or about the connection.
     *
     * @param code a stable, machine-readable name, see {@link ErrorCode}
     */
    record Error(String id, ErrorCode code, String message) implements ServerMessage {
        public static final String TYPE = "error";
    }

    /** What kind of error; written in lower case on the wire. */
    enum ErrorCode {
        /** The message could not be read or is not valid; the connection carries on. */
        @JsonProperty("bad_message") BAD_MESSAGE,
        /** No such job, batch or subscription (for this tenant). */
        @JsonProperty("not_found") NOT_FOUND,
        /** A limit was reached: message size, subscriptions, connections. */
        @JsonProperty("limit") LIMIT,
        /** A store did not answer; try again. */
        @JsonProperty("unavailable") UNAVAILABLE,
        /** The key behind the stream was revoked; the stream is closed after this. */
        @JsonProperty("unauthorized") UNAUTHORIZED
    }
}
