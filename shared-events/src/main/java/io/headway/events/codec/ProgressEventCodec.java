package io.headway.events.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.ProgressEvent;
import io.headway.events.UnrecognizedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one codec of {@link ProgressEvent}s. The {@code type} field names the kind; the kinds are the permitted
 * subtypes of the sealed interface, so a new kind needs no registration here. A kind it does not know decodes to an
 * {@link UnrecognizedEvent} that keeps the JSON as received.
 */
public final class ProgressEventCodec implements Codec<ProgressEvent> {

    private static final Map<String, Class<? extends ProgressEvent>> KINDS = Arrays
            .stream(ProgressEvent.class.getPermittedSubclasses())
            .filter(kind -> kind != UnrecognizedEvent.class)
            .map(kind -> kind.asSubclass(ProgressEvent.class))
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, kind -> kind));

    private final ObjectMapper mapper = HeadwayJson.mapper();

    /** The names of the kinds this code knows, as written in {@code type}. */
    public static Set<String> kinds() {
        return KINDS.keySet();
    }

    @Override
    public byte[] encode(ProgressEvent event) {
        if (event instanceof UnrecognizedEvent unrecognized) {
            return unrecognized.json().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + event.type(), e);
        }
    }

    /**
     * Reads the kind from {@code type} and the version from {@code schemaVersion} with a streaming scan (the codec
     * writes them first, so the scan usually stops at the second field), then binds the bytes to that kind in one
     * pass: no tree is built in between, which halves the cost of the decode every consumer of the progress topic does
     * for every event. A kind written in a newer schema version than this code's may have changed incompatibly (the
     * contract bumps the version only then), so it is read as an {@link UnrecognizedEvent}: kept, never folded.
     */
    @Override
    public ProgressEvent decode(byte[] bytes) {
        Head head = head(bytes);
        Class<? extends ProgressEvent> kind = head.version() > ProgressEvent.SCHEMA_VERSION ? null
                : KINDS.get(head.type());
        try {
            if (kind == null) {
                Envelope envelope = mapper.readValue(bytes, Envelope.class);
                return new UnrecognizedEvent(envelope.eventId(), envelope.jobId(), envelope.occurredAt(),
                        envelope.source(), head.type(), new String(bytes, StandardCharsets.UTF_8));
            }
            return mapper.readValue(bytes, kind);
        } catch (IOException | IllegalArgumentException e) {
            throw new EventDecodingException(Reasons.of(head.type(), e), e);
        }
    }

    /** The kind and schema version a record names; a record without a version is of version 1. */
    private record Head(String type, int version) {
    }

    private Head head(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new EventDecodingException("invalid ProgressEvent: the record is empty");
        }
        String type = null;
        int version = 1;
        boolean versionRead = false;
        try (JsonParser parser = mapper.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new EventDecodingException("invalid ProgressEvent: expected a JSON object");
            }
            while ((type == null || !versionRead) && parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(field)) {
                    type = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                } else if ("schemaVersion".equals(field)) {
                    versionRead = true;
                    version = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 1;
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new EventDecodingException(Reasons.of("ProgressEvent", e), e);
        }
        if (type == null || type.isBlank()) {
            throw new EventDecodingException("invalid ProgressEvent: the \"type\" field is missing");
        }
        return new Head(type, version);
    }

    /** The fields every event has, read from an event of an unknown kind. */
    private record Envelope(UUID eventId, String jobId, Instant occurredAt, String source) {
    }
}
