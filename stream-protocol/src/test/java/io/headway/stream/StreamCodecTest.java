package io.headway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.events.JobSnapshot;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.ProgressReported;
import io.headway.events.StagePlan;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The stream's types, its codec and its checked-in schemas describe one protocol. */
class StreamCodecTest {

    static final Instant AT = Instant.parse("2026-11-30T10:15:30.123Z");
    static final JobSnapshot SNAPSHOT = JobSnapshot.of(JobReducer.fold("job-1", List.of(
            new JobSubmitted(UUID.randomUUID(), "job-1", AT, "gateway", "acme", "demo", Map.of("size", "10"), 5,
                    "batch-1", Map.of("team", "data"), List.of(new StagePlan("fetch", 1)), false),
            new JobStarted(UUID.randomUUID(), "job-1", AT, "executor-1", 1, "executor-1",
                    List.of(new StagePlan("fetch", 1))),
            new ProgressReported(UUID.randomUUID(), "job-1", AT, "executor-1", "fetch", 0.25, 25L, 100L, "files",
                    "reading", Map.of("issuesFound", 3L)))));

    static final List<ClientMessage> CLIENT_MESSAGES = List.of(
            ClientMessage.Subscribe.jobs("job-1", "job-2").withId("r1").withLogs()
                    .resuming(Map.of("job-1", 4L), Map.of("job-1", new LogPosition(1, 7))),
            ClientMessage.Subscribe.everything().coalescing(250),
            ClientMessage.Subscribe.batch("batch-1"),
            ClientMessage.Subscribe.labels(Map.of("team", "data")),
            ClientMessage.Unsubscribe.of("s1"),
            new ClientMessage.Unsubscribe("r2", null, null, "batch-1", null, null),
            new ClientMessage.GetProgress("r3", "job-1"),
            new ClientMessage.GetBatchProgress(null, "batch-1"));

    static final List<ServerMessage> SERVER_MESSAGES = List.of(
            ServerMessage.Snapshot.of(SNAPSHOT),
            new ServerMessage.Snapshots(List.of(SNAPSHOT, SNAPSHOT)),
            ServerMessage.Logs.of("job-1", List.of(new LogTailEntry(1,
                    new LogLine(1, AT, LogStream.STDOUT, LogLevel.INFO, "starting")))),
            new ServerMessage.LogsGap("job-1", new LogPosition(1, 2), new LogPosition(1, 9), "skipped"),
            new ServerMessage.AlertChanged("job-1", new Alert(UUID.randomUUID(), "job-1", "acme", "STALLED",
                    AlertSeverity.WARNING, AlertState.RAISED, "no progress for 5 minutes", null, AT, AT)),
            new ServerMessage.Subscribed("r1", "s1", 1, List.of("job-2")),
            new ServerMessage.Unsubscribed(null, List.of("s1")),
            new ServerMessage.Progress("r3", SNAPSHOT),
            new ServerMessage.BatchProgressReply("r4", new BatchProgress("acme", "batch-1", 3,
                    Map.of(JobStatus.RUNNING, 2L, JobStatus.SUCCEEDED, 1L), 0.5, AT)),
            new ServerMessage.Error("r5", ServerMessage.ErrorCode.NOT_FOUND, "no job 'x'"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.add(StreamCodecTest::onTheClasspath)));

    @Test
    void thereIsExactlyOneSchemaPerMessageKind() throws URISyntaxException, IOException {
        Path folder = Path.of(StreamCodec.class.getResource("/io/headway/stream/schemas/").toURI());
        Stream<String> kinds = Stream.of(ClientMessage.class.getPermittedSubclasses(),
                ServerMessage.class.getPermittedSubclasses()).flatMap(Stream::of).map(Class::getSimpleName);

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".schema.json", "")))
                    .containsExactlyInAnyOrderElementsOf(kinds.toList());
        }
    }

    @ParameterizedTest
    @FieldSource("CLIENT_MESSAGES")
    void clientMessagesRoundTripAndMatchTheirSchema(ClientMessage message) throws IOException {
        String json = StreamCodec.encode(message);

        assertThat(StreamCodec.decodeClient(json)).isEqualTo(message);
        assertThat(violations(message.getClass().getSimpleName(), json)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("SERVER_MESSAGES")
    void serverMessagesRoundTripAndMatchTheirSchema(ServerMessage message) throws IOException {
        String json = StreamCodec.encode(message);

        assertThat(StreamCodec.decodeServer(json)).contains(message);
        assertThat(JSON.readTree(json).path("type").asText()).isEqualTo(StreamCodec.typeOf(message));
        assertThat(violations(message.getClass().getSimpleName(), json)).isEmpty();
    }

    @Test
    void snapshotMessagesBuiltAroundKafkaJsonAreTheEncodedMessages() {
        String snapshotJson = StreamCodec.encode(new ServerMessage.Progress(null, SNAPSHOT))
                .replaceFirst("^\\{\"type\":\"progress\",\"snapshot\":", "").replaceFirst("}$", "");

        assertThat(StreamCodec.snapshot(snapshotJson)).isEqualTo(StreamCodec.encode(ServerMessage.Snapshot.of(SNAPSHOT)));
        String snapshotMessage = StreamCodec.snapshot(snapshotJson);
        assertThat(StreamCodec.snapshots(List.of(snapshotMessage, snapshotMessage)))
                .isEqualTo(StreamCodec.encode(new ServerMessage.Snapshots(List.of(SNAPSHOT, SNAPSHOT))));
        assertThat(StreamCodec.snapshots(List.of()))
                .isEqualTo(StreamCodec.encode(new ServerMessage.Snapshots(List.of())));
        assertThat(StreamCodec.progress("r\"1", snapshotJson))
                .isEqualTo(StreamCodec.encode(new ServerMessage.Progress("r\"1", SNAPSHOT)));
    }

    @Test
    void theSchemasRefuseWhatTheProtocolDoesNotAllow() throws IOException {
        assertThat(violations("Subscribe", "{\"type\": \"subscribe\", \"all\": true, \"batchId\": \"b\"}"))
                .isNotEmpty();
        assertThat(violations("Snapshots", "{\"type\": \"snapshots\", \"snapshots\": [{\"jobId\": \"j\"}]}"))
                .anySatisfy(m -> assertThat(m).contains("sequence"));
    }

    @ParameterizedTest
    @FieldSource("SERVER_MESSAGES")
    void aMessagesKindIsReadFromItsFirstBytes(ServerMessage message) {
        String json = StreamCodec.encode(message);

        assertThat(StreamCodec.isA(json, StreamCodec.typeOf(message))).isTrue();
        assertThat(StreamCodec.isA(json, StreamCodec.typeOf(message).substring(1))).isFalse();
        assertThat(StreamCodec.isA(json, "snap")).isFalse();
    }

    @Test
    void aBadClientMessageIsRefusedWithAReasonAPersonCanActOn() {
        assertThat(refusal("{not json")).startsWith("not a JSON message");
        assertThat(refusal("[1, 2]")).startsWith("a message is a JSON object with a type");
        assertThat(refusal("{\"id\": \"r1\"}")).startsWith("a message needs a type: subscribe, unsubscribe");
        assertThat(refusal("{\"type\": \"dance\"}")).startsWith("unknown type 'dance'; use subscribe");
        assertThat(refusal("{\"type\": \"subscribe\", \"colour\": \"red\"}"))
                .startsWith("unknown field 'colour'; a subscribe message has ").contains("jobIds", "coalesceMs");
        assertThat(refusal("{\"type\": \"subscribe\", \"all\": true} trailing")).startsWith("not a JSON message");
        assertThat(refusal("{\"type\": \"subscribe\", \"all\": true, \"all\": false}"))
                .startsWith("not a JSON message").contains("Duplicate field 'all'");
        assertThat(refusal("{\"type\": \"subscribe\", \"all\": true, \"coalesceMs\": 1.5}"))
                .isEqualTo("'coalesceMs' is not valid here: a whole number is expected");
        assertThat(refusal("{\"type\": \"subscribe\", \"jobIds\": \"job-1\"}"))
                .isEqualTo("'jobIds' is not valid here: an array is expected");
    }

    @Test
    void aRefusalKeepsTheRequestsId() {
        assertThatThrownBy(() -> StreamCodec.decodeClient("{\"type\": \"get_progress\", \"id\": \"r7\", \"job\": 1}"))
                .isInstanceOfSatisfying(StreamCodec.BadMessage.class, bad -> assertThat(bad.id()).isEqualTo("r7"));
    }

    @Test
    void aClientSkipsMessageKindsItDoesNotKnow() {
        assertThat(StreamCodec.decodeServer("{\"type\": \"hologram\", \"jobId\": \"job-1\"}")).isEmpty();
        assertThat(StreamCodec.decodeServer("{\"type\": \"error\", \"code\": \"limit\", \"message\": \"m\", "
                + "\"addedLater\": 1}")).containsInstanceOf(ServerMessage.Error.class);
    }

    private static String refusal(String text) {
        try {
            StreamCodec.decodeClient(text);
        } catch (StreamCodec.BadMessage bad) {
            return bad.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    private static List<String> violations(String kind, String json) throws IOException {
        try (InputStream schema = StreamCodec.class.getResourceAsStream("/io/headway/stream/schemas/" + kind
                + ".schema.json")) {
            JsonSchema validator = SCHEMAS.getSchema(schema,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
            JsonNode node = JSON.readTree(json);
            return validator.validate(node).stream().map(ValidationMessage::getMessage).toList();
        }
    }

    /** The event schemas that stream schemas refer to by {@code $id}, from shared-events' jar. */
    private static AbsoluteIri onTheClasspath(AbsoluteIri iri) {
        String prefix = "urn:headway:schema:";
        return iri.toString().startsWith(prefix)
                ? AbsoluteIri.of("classpath:io/headway/events/schemas/" + iri.toString().substring(prefix.length())
                        + ".schema.json")
                : null;
    }
}
