package io.headway.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * An event of a kind this code does not know, e.g. written by a newer producer. It keeps its envelope and the JSON
 * as received, so history can keep it and it can be forwarded unchanged; the reducer ignores it.
 *
 * @param type the kind's name as written
 * @param json the whole record as received
 */
public record UnrecognizedEvent(
        UUID eventId, String jobId, Instant occurredAt, String source,
        String type, @JsonIgnore String json) implements ProgressEvent {

    public UnrecognizedEvent {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.text(type, "type");
        Require.present(json, "json");
    }
}
