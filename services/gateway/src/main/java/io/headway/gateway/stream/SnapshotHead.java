package io.headway.gateway.stream;

import com.fasterxml.jackson.databind.ObjectReader;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.io.IOException;
import java.util.Map;

/**
 * What the gateway needs of a snapshot to route it: the job, its sequence, where it belongs and whether the job has
 * ended (an end is never held back by coalescing). The stream forwards the snapshot's JSON as it came, so the rest
 * is never bound to objects: reading just these fields costs a fraction of decoding the whole {@code JobSnapshot},
 * and every snapshot on {@code headway.job-state} passes through here.
 */
public record SnapshotHead(String jobId, long sequence, Hub.Route route, boolean ended) {

    private static final ObjectReader READER = HeadwayJson.mapper().readerFor(Wire.class);

    /** The JSON shape read: unknown fields are skipped, not bound. */
    private record Wire(String jobId, Long sequence, WireState state) {
    }

    private record WireState(String tenant, String batchId, Map<String, String> labels, JobStatus status) {
    }

    /** Reads the head of a {@code JobSnapshot} as the codec writes it. */
    public static SnapshotHead read(byte[] json) {
        Wire wire;
        try {
            wire = READER.readValue(json);
        } catch (IOException e) {
            throw new EventDecodingException("unreadable JobSnapshot: " + e.getMessage(), e);
        }
        if (wire == null || wire.jobId() == null || wire.jobId().isBlank() || wire.sequence() == null
                || wire.state() == null) {
            throw new EventDecodingException("invalid JobSnapshot: jobId, sequence and state are required");
        }
        WireState state = wire.state();
        Hub.Route route = new Hub.Route(state.tenant(), state.batchId(),
                state.labels() == null ? Map.of() : state.labels());
        return new SnapshotHead(wire.jobId(), wire.sequence(), route,
                state.status() != null && state.status().isTerminal());
    }

    /** The head of a snapshot already decoded. */
    public static SnapshotHead of(JobState state, long sequence) {
        return new SnapshotHead(state.jobId(), sequence, Hub.Route.of(state), state.status().isTerminal());
    }
}
