package io.headway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.asyncapi.v3._0_0.model.AsyncAPI;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.headway.events.ProgressEvent;
import io.headway.events.UnrecognizedEvent;
import io.headway.events.kafka.Topics;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/asyncapi.yaml} against the code and the JSON Schemas it points to: it is an AsyncAPI 3.0 document (read
 * by the AsyncAPI initiative's Java model), it lists every topic, the progress topic carries every event type and the
 * stream every client and server message, and every payload is the schema of its message, with no schema left out.
 */
class AsyncApiContractTest {

    private static final Path DOCS = Path.of(System.getProperty("docs.dir", "../docs"));
    private static final Path DOCUMENT = DOCS.resolve("asyncapi.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        document = YAML.readTree(DOCUMENT.toFile());
    }

    @Test
    void itIsAnAsyncApi3DocumentTheModelReads() throws IOException {
        AsyncAPI model = YAML.readValue(DOCUMENT.toFile(), AsyncAPI.class);

        assertThat(model.getAsyncapi()).isEqualTo("3.0.0");
        assertThat(model.getChannels()).hasSize(8);
        assertThat(model.getOperations()).hasSize(9);
        assertThat(model.getComponents().getMessages()).hasSize(38);
    }

    @Test
    void everyTopicIsAChannelOfTheBroker() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        Set<String> onTheBroker = new TreeSet<>();
        document.path("channels").forEach(channel -> {
            if (channel.path("servers").get(0).path("$ref").asText().equals("#/servers/kafka")) {
                onTheBroker.add(channel.path("address").asText());
            }
        });

        assertThat(onTheBroker).isEqualTo(topics);
    }

    @Test
    void theProgressTopicCarriesEveryEventType() {
        Set<String> types = Arrays.stream(ProgressEvent.class.getPermittedSubclasses())
                .filter(type -> type != UnrecognizedEvent.class).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(messagesOf("progress")).isEqualTo(types);
    }

    @Test
    void theStreamCarriesEveryClientAndServerMessage() {
        Set<String> messages = Stream.of(ClientMessage.class, ServerMessage.class)
                .flatMap(family -> Arrays.stream(family.getPermittedSubclasses())).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(messagesOf("stream")).isEqualTo(messages);
        assertThat(operationMessages("sendToStream")).isEqualTo(names(ClientMessage.class));
        assertThat(operationMessages("receiveFromStream")).isEqualTo(names(ServerMessage.class));
    }

    @Test
    void everyPayloadIsItsMessagesSchemaAndEverySchemaHasAMessage() throws IOException {
        Map<String, Path> schemaOf = new TreeMap<>();
        document.path("components").path("messages").properties().forEach(message -> {
            JsonNode payload = message.getValue().path("payload");
            assertThat(payload.path("schemaFormat").asText()).startsWith("application/schema+json");
            schemaOf.put(message.getKey(), DOCS.resolve(payload.path("schema").path("$ref").asText()).normalize());
        });
        for (var entry : schemaOf.entrySet()) {
            assertThat(entry.getValue()).as("the schema of " + entry.getKey()).exists();
            assertThat(JSON.readTree(entry.getValue().toFile()).path("title").asText()).isEqualTo(entry.getKey());
        }

        Set<Path> schemas = new HashSet<>();
        for (String folder : List.of("shared-events/src/main/resources/io/headway/events/schemas",
                "stream-protocol/src/main/resources/io/headway/stream/schemas")) {
            try (Stream<Path> files = Files.list(DOCS.resolve("..").resolve(folder))) {
                files.map(Path::normalize).forEach(schemas::add);
            }
        }
        assertThat(new HashSet<>(schemaOf.values())).as("every schema in the repository").isEqualTo(schemas);
    }

    private static Set<String> messagesOf(String channel) {
        Set<String> names = new TreeSet<>();
        document.path("channels").path(channel).path("messages").properties().forEach(message -> {
            String ref = message.getValue().path("$ref").asText();
            assertThat(ref).isEqualTo("#/components/messages/" + message.getKey());
            names.add(message.getKey());
        });
        return names;
    }

    private static Set<String> operationMessages(String operation) {
        Set<String> names = new TreeSet<>();
        document.path("operations").path(operation).path("messages")
                .forEach(ref -> names.add(ref.path("$ref").asText().replaceAll(".*/", "")));
        return names;
    }

    private static Set<String> names(Class<?> family) {
        return Arrays.stream(family.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
