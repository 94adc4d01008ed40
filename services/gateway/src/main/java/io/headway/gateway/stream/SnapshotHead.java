package io.headway.gateway.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the gateway needs of a snapshot to route it: the job, its sequence, where it belongs and whether the job has
 * ended (an end is never held back by coalescing). The stream forwards the snapshot's JSON as it came, so the rest
 * is never bound to objects, and every snapshot on {@code headway.job-state} passes through here.
 *
 * <p>The head is read from the parser's tokens, skipping everything else, rather than bound by the mapper: binding
 * even these few fields buffered the whole snapshot's tokens for the records' constructors (10 % of the gateway's CPU
 * at 5,000 snapshots a second, docs/benchmarks.md); read so, a snapshot costs about two thirds as much, most of it
 * the tokeniser's. What it accepts is what the mapper accepted for a snapshot the codec writes; anything else that is
 * no snapshot fails with an {@link EventDecodingException}, as before.
 */
public record SnapshotHead(String jobId, long sequence, Hub.Route route, boolean ended) {

    private static final JsonFactory JSON = HeadwayJson.mapper().getFactory();

    /** Reads the head of a {@code JobSnapshot} as the codec writes it; fields it does not need are skipped. */
    public static SnapshotHead read(byte[] json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return read(parser);
        } catch (IOException e) {
            throw new EventDecodingException("unreadable JobSnapshot: " + e.getMessage(), e);
        }
    }

    /** The head of a snapshot already decoded. */
    public static SnapshotHead of(JobState state, long sequence) {
        return new SnapshotHead(state.jobId(), sequence, Hub.Route.of(state), state.status().isTerminal());
    }

    private static SnapshotHead read(JsonParser parser) throws IOException {
        expect(parser.nextToken() == JsonToken.START_OBJECT, "a JobSnapshot is a JSON object");
        String jobId = null;
        Long sequence = null;
        State state = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "jobId" -> jobId = text(parser, value, field);
                case "sequence" -> sequence = whole(parser, value, field);
                case "state" -> state = value == JsonToken.VALUE_NULL ? null : State.read(parser, value);
                default -> parser.skipChildren();
            }
        }
        if (jobId == null || jobId.isBlank() || sequence == null || state == null) {
            throw invalid("jobId, sequence and state are required");
        }
        return new SnapshotHead(jobId, sequence, new Hub.Route(state.tenant, state.batchId, state.labels),
                state.status != null && state.status.isTerminal());
    }

    /** The fields of a snapshot's state that route it. */
    private static final class State {
        String tenant;
        String batchId;
        Map<String, String> labels = Map.of();
        JobStatus status;

        static State read(JsonParser parser, JsonToken start) throws IOException {
            expect(start == JsonToken.START_OBJECT, "state is an object");
            State state = new State();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "tenant" -> state.tenant = text(parser, value, field);
                    case "batchId" -> state.batchId = text(parser, value, field);
                    case "labels" -> state.labels = labels(parser, value);
                    case "status" -> state.status = status(parser, value);
                    default -> parser.skipChildren();
                }
            }
            return state;
        }
    }

    private static String text(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!value.isScalarValue()) {
            throw invalid(field + " is a string");
        }
        return parser.getText();
    }

    private static Long whole(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw invalid(field + " is a whole number");
        }
        return parser.getLongValue();
    }

    private static Map<String, String> labels(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expect(value == JsonToken.START_OBJECT, "labels is an object");
        Map<String, String> labels = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            labels.put(name, text(parser, parser.nextToken(), "a label"));
        }
        return labels;
    }

    private static JobStatus status(JsonParser parser, JsonToken value) throws IOException {
        String name = text(parser, value, "status");
        if (name == null) {
            return null;
        }
        try {
            return JobStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new EventDecodingException("invalid JobSnapshot: no status " + name, e);
        }
    }

    /** Fails unless {@code condition} holds; {@code what} is a constant, so nothing is built while it does. */
    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw invalid(what);
        }
    }

    private static EventDecodingException invalid(String what) {
        return new EventDecodingException("invalid JobSnapshot: " + what);
    }
}
