package io.headway.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressEvent;
import io.headway.events.Samples;
import io.headway.events.UnrecognizedEvent;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class ProgressEventCodecTest {

    static final java.util.List<ProgressEvent> EVENTS = Samples.progressEvents();

    final ProgressEventCodec codec = new ProgressEventCodec();

    @Test
    void samplesCoverEveryKind() {
        assertThat(EVENTS.stream().map(ProgressEvent::type).collect(Collectors.toSet()))
                .isEqualTo(ProgressEventCodec.kinds());
    }

    @ParameterizedTest
    @FieldSource("EVENTS")
    void everyKindRoundTripsUnchanged(ProgressEvent event) {
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @FieldSource("EVENTS")
    void wireFormatCarriesTheEnvelope(ProgressEvent event) throws Exception {
        JsonNode json = HeadwayJson.mapper().readTree(codec.encode(event));

        assertThat(json.get("type").asText()).isEqualTo(event.getClass().getSimpleName());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(ProgressEvent.SCHEMA_VERSION);
        assertThat(json.get("eventId").asText()).isEqualTo(event.eventId().toString());
        assertThat(json.get("jobId").asText()).isEqualTo(event.jobId());
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-11-24T10:15:30.123Z");
        assertThat(json.get("source").asText()).isEqualTo(event.source());
        assertThat(json.has("terminal")).as("derived methods are not written").isFalse();
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = """
                {"type":"JobPaused","schemaVersion":1,"eventId":"7d7f3c62-1d2b-4c4e-9d8e-0a1b2c3d4e5f",
                 "jobId":"j1","occurredAt":"2026-11-24T10:15:30.123Z","source":"executor-1",
                 "addedInVersion2":{"nested":true}}""";

        ProgressEvent event = codec.decode(bytes(json));

        assertThat(event.type()).isEqualTo("JobPaused");
        assertThat(event.jobId()).isEqualTo("j1");
    }

    @Test
    void unknownKindsAreKeptAsReceived() {
        String json = """
                {"type":"JobTeleported","schemaVersion":3,"eventId":"7d7f3c62-1d2b-4c4e-9d8e-0a1b2c3d4e5f",
                 "jobId":"j1","occurredAt":"2026-11-24T10:15:30.123Z","source":"future-service","to":"mars"}""";

        ProgressEvent event = codec.decode(bytes(json));

        assertThat(event).isInstanceOfSatisfying(UnrecognizedEvent.class, unrecognized -> {
            assertThat(unrecognized.type()).isEqualTo("JobTeleported");
            assertThat(unrecognized.jobId()).isEqualTo("j1");
            assertThat(unrecognized.source()).isEqualTo("future-service");
        });
        assertThat(new String(codec.encode(event), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void aKnownKindInANewerSchemaVersionIsKeptButNotReadAsThisVersion() {
        String json = """
                {"type":"JobSucceeded","schemaVersion":99,"eventId":"7d7f3c62-1d2b-4c4e-9d8e-0a1b2c3d4e5f",
                 "jobId":"j1","occurredAt":"2026-11-24T10:15:30.123Z","source":"future-service","summary":"done"}""";

        ProgressEvent event = codec.decode(bytes(json));

        assertThat(event).isInstanceOfSatisfying(UnrecognizedEvent.class, unrecognized -> {
            assertThat(unrecognized.type()).isEqualTo("JobSucceeded");
            assertThat(unrecognized.jobId()).isEqualTo("j1");
        });
        assertThat(codec.decode(bytes(json.replace("\"schemaVersion\":99", "\"schemaVersion\":1"))))
                .isInstanceOf(io.headway.events.JobSucceeded.class);
    }

    @Test
    void malformedRecordsAreRejectedWithAReason() {
        assertThatThrownBy(() -> codec.decode(bytes("not json")))
                .isInstanceOf(EventDecodingException.class).hasMessageStartingWith("invalid ProgressEvent");
        assertThatThrownBy(() -> codec.decode(bytes("[1,2]")))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> codec.decode(bytes("{\"jobId\":\"j1\"}")))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("\"type\" field is missing");
        assertThatThrownBy(() -> codec.decode(new byte[0]))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("empty");
    }

    @Test
    void invalidValuesAreRejectedWithTheRuleThatFailed() {
        String fractionTooLarge = """
                {"type":"ProgressReported","eventId":"7d7f3c62-1d2b-4c4e-9d8e-0a1b2c3d4e5f","jobId":"j1",
                 "occurredAt":"2026-11-24T10:15:30.123Z","source":"s","fraction":1.5}""";
        String missingJobId = """
                {"type":"JobSubmitted","eventId":"7d7f3c62-1d2b-4c4e-9d8e-0a1b2c3d4e5f",
                 "occurredAt":"2026-11-24T10:15:30.123Z","source":"s","tenant":"t","jobType":"demo"}""";
        String unknownKindWithoutEnvelope = """
                {"type":"JobTeleported"}""";

        assertThatThrownBy(() -> codec.decode(bytes(fractionTooLarge)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("invalid ProgressReported: fraction must be within [0, 1], was 1.5");
        assertThatThrownBy(() -> codec.decode(bytes(missingJobId)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("invalid JobSubmitted: jobId is required and must not be blank");
        assertThatThrownBy(() -> codec.decode(bytes(unknownKindWithoutEnvelope)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("invalid JobTeleported: eventId is required");
    }

    @Test
    void collectionsAreNeverNull() {
        var event = new JobSubmitted(Samples.id(), "j1", Samples.AT, "gateway", "acme", "demo", null, 0, null, null,
                null, false);

        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        assertThat(event.parameters()).isEmpty();
        assertThat(event.stages()).isEmpty();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
