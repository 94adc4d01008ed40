package io.headway.events.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checked-in JSON Schemas of the wire format (draft 2020-12), one per record kind, on the classpath under
 * {@code io/headway/events/schemas/<Kind>.schema.json}. Consumers in other languages read the same files; code on the
 * JVM can validate a record's JSON against its kind's schema here.
 */
public final class EventSchemas {

    /** Where the schema files live on the classpath. */
    public static final String LOCATION = "io/headway/events/schemas/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<String, Optional<JsonSchema>> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema of a kind ({@code JobSubmitted}, {@code JobSnapshot}, ...), if there is one. */
    public static Optional<JsonSchema> forKind(String kind) {
        return CACHE.computeIfAbsent(kind, EventSchemas::load);
    }

    /**
     * Validates a record of the given kind.
     *
     * @return what is wrong, one message per violation; empty when valid
     * @throws IllegalArgumentException when there is no schema for {@code kind}
     */
    public static List<String> validate(String kind, JsonNode json) {
        JsonSchema schema = forKind(kind)
                .orElseThrow(() -> new IllegalArgumentException("no schema for kind " + kind));
        return schema.validate(json).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static Optional<JsonSchema> load(String kind) {
        if (!kind.matches("[A-Za-z]+")) {
            return Optional.empty();
        }
        try (InputStream in = EventSchemas.class.getClassLoader()
                .getResourceAsStream(LOCATION + kind + ".schema.json")) {
            return in == null ? Optional.empty() : Optional.of(FACTORY.getSchema(in, CONFIG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
