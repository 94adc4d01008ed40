package io.headway.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * Everything that happens to a job, as written to {@code headway.progress}: one record per kind.
 *
 * <p>Every event carries the same envelope ({@code eventId}, {@code jobId}, {@code occurredAt}, {@code source}) and,
 * on the wire, its {@code type} and {@code schemaVersion}. Events are keyed by job id, so one job's events share a
 * partition and arrive in order. Readers must ignore kinds they do not know: the codec turns them into
 * {@link UnrecognizedEvent} rather than failing, and the reducer leaves the state untouched for them.
 *
 * <p>This family is the wire contract; adding a kind or an optional field is compatible, removing or retyping one is
 * not and needs a new {@link #SCHEMA_VERSION}.
 */
@JsonPropertyOrder({"type", "schemaVersion", "eventId", "jobId", "occurredAt", "source"})
public sealed interface ProgressEvent
        permits JobSubmitted, JobQueued, JobStarted, StageStarted, ProgressReported, StageCompleted, ResourceSampled,
                CheckpointSaved, ArtifactSaved, ControlRequested, JobPaused, JobResumed, RetryScheduled, EtaEstimated,
                JobSucceeded, JobFailed, JobCancelled, JobTimedOut, UnrecognizedEvent {

    /** The version of the event schemas this code writes. Bumped only for incompatible changes. */
    int SCHEMA_VERSION = 1;

    /** Unique per event; consumers use it to recognise a redelivered record. */
    UUID eventId();

    /** The job this event belongs to; also the Kafka record key. */
    String jobId();

    /** When it happened, UTC, millisecond precision. */
    Instant occurredAt();

    /** Who wrote it: a service instance ({@code executor-1}) or an external reporter id. */
    String source();

    /** The kind's name on the wire: the simple name of its record. */
    @JsonProperty("type")
    default String type() {
        return getClass().getSimpleName();
    }

    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** True for the kinds that end a job: nothing changes its state after one of them. */
    @JsonIgnore
    default boolean isTerminal() {
        return this instanceof JobSucceeded || this instanceof JobFailed
                || this instanceof JobCancelled || this instanceof JobTimedOut;
    }
}
