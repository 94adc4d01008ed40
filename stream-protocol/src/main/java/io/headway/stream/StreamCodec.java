package io.headway.stream;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.headway.events.codec.HeadwayJson;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place where stream messages become JSON and back. Client messages are read strictly, as their schemas
 * say: unknown fields, duplicate keys, trailing text and numbers of the wrong kind are refused with a message a
 * person can act on (never a Java class name). Server messages are read leniently, so a client keeps working when
 * the server adds a field or a message kind.
 *
 * <p>A server sends one job snapshot to many clients; {@link #snapshot(String)} and its siblings build those messages
 * around the snapshot's JSON as it came from Kafka, without decoding it, and give exactly what {@link #encode}
 * gives for the decoded message.
 */
public final class StreamCodec {

    /** The client message kinds, as a person reads them in an error. */
    public static final String CLIENT_TYPES = String.join(", ", ClientMessage.Subscribe.TYPE,
            ClientMessage.Unsubscribe.TYPE, ClientMessage.GetProgress.TYPE) + " or "
            + ClientMessage.GetBatchProgress.TYPE;

    private static final String SNAPSHOT_PREFIX = "{\"type\":\"" + ServerMessage.Snapshot.TYPE + "\",";
    private static final String SNAPSHOTS_PREFIX = "{\"type\":\"" + ServerMessage.Snapshots.TYPE + "\",\"snapshots\":[";
    private static final ObjectMapper WRITER = HeadwayJson.mapper();
    private static final ObjectMapper LENIENT = HeadwayJson.mapper();
    private static final ObjectMapper STRICT = HeadwayJson.configure(JsonMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Map<Class<?>, String> TYPES = Arrays.stream(
                    ServerMessage.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private StreamCodec() {
    }

    /** A client message that cannot be read; {@code id} is the request's id when it had one. */
    public static final class BadMessage extends RuntimeException {
        private final String id;

        BadMessage(String id, String message) {
            super(message, null, false, false);
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public static String encode(ServerMessage message) {
        return write(message);
    }

    public static String encode(ClientMessage message) {
        return write(message);
    }

    /**
     * Reads what a client sent.
     *
     * @throws BadMessage what is wrong with it, for the client
     */
    public static ClientMessage decodeClient(String text) {
        JsonNode tree;
        try {
            tree = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadMessage(null, "not a JSON message: " + e.getOriginalMessage());
        }
        String id = tree != null && tree.path("id").isTextual() ? tree.path("id").asText() : null;
        if (tree == null || !tree.isObject()) {
            throw new BadMessage(null, "a message is a JSON object with a type: " + CLIENT_TYPES);
        }
        try {
            return STRICT.treeToValue(tree, ClientMessage.class);
        } catch (InvalidTypeIdException e) {
            throw new BadMessage(id, e.getTypeId() == null
                    ? "a message needs a type: " + CLIENT_TYPES
                    : "unknown type '" + e.getTypeId() + "'; use " + CLIENT_TYPES);
        } catch (UnrecognizedPropertyException e) {
            throw new BadMessage(id, "unknown field '" + e.getPropertyName() + "'; a " + tree.path("type").asText()
                    + " message has " + fields(e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            throw new BadMessage(id, "'" + path(e) + "' is not valid here: " + expected(e));
        } catch (JsonProcessingException e) {
            throw new BadMessage(id, "not a valid message: " + e.getOriginalMessage());
        }
    }

    /**
     * Reads what the server sent; empty for a kind this client does not know (a newer server's), which a client
     * should skip.
     *
     * @throws IllegalArgumentException when it is not a message at all
     */
    public static Optional<ServerMessage> decodeServer(String text) {
        try {
            return Optional.of(LENIENT.readValue(text, ServerMessage.class));
        } catch (InvalidTypeIdException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stream message: " + e.getOriginalMessage(), e);
        }
    }

    /** The {@code type} a server message is written with: the SSE event name. */
    public static String typeOf(ServerMessage message) {
        return TYPES.get(message.getClass());
    }

    /**
     * Whether a server message is of the given kind, read from its first bytes without parsing it: the server
     * writes {@code type} first. For clients that must cost next to nothing, such as a benchmark's hundred.
     */
    public static boolean isA(String serverMessage, String type) {
        return serverMessage.startsWith("{\"type\":\"") && serverMessage.startsWith(type, 9)
                && serverMessage.startsWith("\"", 9 + type.length());
    }

    /** {@link ServerMessage.Snapshot} around a {@code JobSnapshot}'s JSON. */
    public static String snapshot(String jobSnapshotJson) {
        return SNAPSHOT_PREFIX + jobSnapshotJson.substring(1);
    }

    /**
     * {@link ServerMessage.Snapshots} of messages made by {@link #snapshot(String)}: each snapshot's JSON is copied
     * once, straight out of its message, neither decoded nor cut out first.
     */
    public static String snapshots(Collection<String> snapshotMessages) {
        int length = SNAPSHOTS_PREFIX.length() + 2;
        for (String message : snapshotMessages) {
            length += message.length() - SNAPSHOT_PREFIX.length() + 2;
        }
        StringBuilder out = new StringBuilder(length).append(SNAPSHOTS_PREFIX);
        for (String message : snapshotMessages) {
            if (out.length() > SNAPSHOTS_PREFIX.length()) {
                out.append(',');
            }
            out.append('{').append(message, SNAPSHOT_PREFIX.length(), message.length());
        }
        return out.append("]}").toString();
    }

    /** {@link ServerMessage.Progress} around a {@code JobSnapshot}'s JSON. */
    public static String progress(String id, String jobSnapshotJson) {
        return "{\"type\":\"" + ServerMessage.Progress.TYPE + "\"," + (id == null ? "" : "\"id\":" + write(id) + ",")
                + "\"snapshot\":" + jobSnapshotJson + "}";
    }

    private static String fields(Collection<Object> known) {
        List<String> names = known.stream().map(String::valueOf).sorted().toList();
        return names.isEmpty() ? "no other fields" : String.join(", ", names);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(JsonMappingException e) {
        Class<?> target = e instanceof MismatchedInputException mismatch
                ? mismatch.getTargetType() : null;
        if (target == null) {
            return "it has the wrong form";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "a whole number is expected";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false is expected";
        }
        if (target == String.class) {
            return "a string is expected";
        }
        if (Collection.class.isAssignableFrom(target)) {
            return "an array is expected";
        }
        return "an object is expected";
    }

    private static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
