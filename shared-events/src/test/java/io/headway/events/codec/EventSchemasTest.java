package io.headway.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headway.events.ProgressEvent;
import io.headway.events.Samples;
import io.headway.events.kafka.WireType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The checked-in schemas and the codec describe the same wire format. */
class EventSchemasTest {

    static final List<ProgressEvent> EVENTS = Samples.progressEvents();
    static final List<Object> RECORDS = Samples.otherRecords();

    @Test
    void thereIsExactlyOneSchemaPerKind() throws URISyntaxException, IOException {
        Set<String> expected = Stream.concat(
                        ProgressEventCodec.kinds().stream(),
                        WireType.ALL.stream().filter(w -> w != WireType.PROGRESS)
                                .map(w -> w.valueType().getSimpleName()))
                .collect(Collectors.toSet());
        Path folder = Path.of(EventSchemas.class.getClassLoader().getResource(EventSchemas.LOCATION).toURI());

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".schema.json", "")))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest
    @FieldSource("EVENTS")
    void everyEventValidatesAgainstItsKindsSchema(ProgressEvent event) {
        JsonNode json = json(new ProgressEventCodec().encode(event));

        assertThat(EventSchemas.validate(event.type(), json)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("RECORDS")
    void everyOtherRecordValidatesAgainstItsSchema(Object record) {
        JsonNode json = HeadwayJson.mapper().valueToTree(record);

        assertThat(EventSchemas.validate(record.getClass().getSimpleName(), json)).isEmpty();
    }

    @Test
    void schemasRejectWhatTheCodecRejects() {
        ObjectNode progress = (ObjectNode) json(new ProgressEventCodec().encode(EVENTS.stream()
                .filter(e -> e.type().equals("ProgressReported")).findFirst().orElseThrow()));
        progress.put("fraction", 1.5);
        progress.remove("jobId");
        progress.put("occurredAt", "yesterday");

        assertThat(EventSchemas.validate("ProgressReported", progress))
                .hasSize(3)
                .anySatisfy(m -> assertThat(m).contains("jobId"))
                .anySatisfy(m -> assertThat(m).contains("fraction"))
                .anySatisfy(m -> assertThat(m).contains("occurredAt"));
    }

    @Test
    void anUnknownKindHasNoSchema() {
        assertThat(EventSchemas.forKind("JobTeleported")).isEmpty();
        assertThat(EventSchemas.forKind("../../etc/passwd")).isEmpty();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return HeadwayJson.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
