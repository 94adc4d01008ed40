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
     * Reads the kind from {@code type} with a streaming scan (the codec writes it first, so the scan usually stops
     * at the first field), then binds the bytes to that kind in one pass: no tree is built in between, which halves
     * the cost of the decode every consumer of the progress topic does for every event.
     */
    @Override
    public ProgressEvent decode(byte[] bytes) {
        String type = type(bytes);
        Class<? extends ProgressEvent> kind = KINDS.get(type);
        try {
            if (kind == null) {
                Envelope envelope = mapper.readValue(bytes, Envelope.class);
                return new UnrecognizedEvent(envelope.eventId(), envelope.jobId(), envelope.occurredAt(),
                        envelope.source(), type, new String(bytes, StandardCharsets.UTF_8));
            }
            return mapper.readValue(bytes, kind);
        } catch (IOException | IllegalArgumentException e) {
            throw new EventDecodingException(Reasons.of(type, e), e);
        }
    }

    /** The value of the top-level {@code type} field. */
    private String type(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new EventDecodingException("invalid ProgressEvent: the record is empty");
        }
        try (JsonParser parser = mapper.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new EventDecodingException("invalid ProgressEvent: expected a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(field)) {
                    String type = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                    if (type.isBlank()) {
                        break;
                    }
                    return type;
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new EventDecodingException(Reasons.of("ProgressEvent", e), e);
        }
        throw new EventDecodingException("invalid ProgressEvent: the \"type\" field is missing");
    }

    /** The fields every event has, read from an event of an unknown kind. */
    private record Envelope(UUID eventId, String jobId, Instant occurredAt, String source) {
    }
}
