package io.headway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobPaused;
import io.headway.events.JobSnapshot;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.JobTimedOut;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.StageStarted;
import io.headway.events.codec.Codec;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The head read from a snapshot's tokens is the head of the snapshot the codec decodes. */
class SnapshotHeadTest {

    private static final Instant AT = Instant.parse("2026-12-02T09:00:00Z");
    private static final Codec<JobSnapshot> SNAPSHOTS = WireType.JOB_STATE.codec();

    @Property(tries = 500)
    void readsWhatDecodingTheWholeSnapshotGives(@ForAll("names") String tenant, @ForAll("batches") String batchId,
            @ForAll("labels") Map<String, String> labels, @ForAll @IntRange(max = 6) int ending,
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long sequence) {
        JobState state = JobReducer.fold("job-1", events(tenant, batchId, labels, ending));
        byte[] json = SNAPSHOTS.encode(new JobSnapshot("job-1", sequence, state));

        JobSnapshot decoded = SNAPSHOTS.decode(json);
        assertThat(SnapshotHead.read(json)).isEqualTo(SnapshotHead.of(decoded.state(), decoded.sequence()));
    }

    @Test
    void fieldsInAnotherOrderAndFieldsItDoesNotKnowAreRead() {
        String json = """
                {"newer":{"nested":[1,{"status":"FAILED"}]},"state":{"extra":[{"tenant":"x"}],"status":"CANCELLED",
                 "labels":{"team":"search","quote":"a \\"b\\" \\u00e9"},"batchId":null,"tenant":"acme"},
                 "sequence":42,"jobId":"job-9","trailing":true}""";

        assertThat(SnapshotHead.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new SnapshotHead("job-9", 42,
                new Hub.Route("acme", null, Map.of("team", "search", "quote", "a \"b\" é")), true));
    }

    @Test
    void whatIsNoSnapshotFailsAsUnreadable() {
        List<String> broken = List.of("", "null", "[]", "{\"jobId\":\"j\"", "not json",
                "{\"sequence\":1,\"state\":{}}",
                "{\"jobId\":\" \",\"sequence\":1,\"state\":{}}",
                "{\"jobId\":\"j\",\"state\":{}}",
                "{\"jobId\":\"j\",\"sequence\":1}",
                "{\"jobId\":\"j\",\"sequence\":1,\"state\":null}",
                "{\"jobId\":\"j\",\"sequence\":\"one\",\"state\":{}}",
                "{\"jobId\":\"j\",\"sequence\":1,\"state\":[]}",
                "{\"jobId\":{},\"sequence\":1,\"state\":{}}",
                "{\"jobId\":\"j\",\"sequence\":1,\"state\":{\"labels\":[\"a\"]}}",
                "{\"jobId\":\"j\",\"sequence\":1,\"state\":{\"status\":\"NO_SUCH_STATUS\"}}");
        for (String json : broken) {
            assertThatThrownBy(() -> SnapshotHead.read(json.getBytes(StandardCharsets.UTF_8)))
                    .as(json).isInstanceOf(EventDecodingException.class);
        }
    }

    /** A job's life up to one of its ends (or none): submitted, started, a stage, progress, then the end. */
    private static List<ProgressEvent> events(String tenant, String batchId, Map<String, String> labels, int ending) {
        List<ProgressEvent> events = new ArrayList<>();
        events.add(new JobSubmitted(UUID.randomUUID(), "job-1", AT, "gateway", tenant, "scan", Map.of("target", "x"),
                0, batchId, labels, List.of(), false));
        events.add(new JobStarted(UUID.randomUUID(), "job-1", AT, "executor-1", 1, "executor-1", List.of()));
        events.add(new StageStarted(UUID.randomUUID(), "job-1", AT, "executor-1", "scan", 1.0));
        events.add(new ProgressReported(UUID.randomUUID(), "job-1", AT, "executor-1", "scan", 0.5, 5L, 10L,
                "files", "half way", Map.of("issuesFound", 3L)));
        switch (ending) {
            case 1 -> events.add(new JobSucceeded(UUID.randomUUID(), "job-1", AT, "executor-1", "done"));
            case 2 -> events.add(new JobFailed(UUID.randomUUID(), "job-1", AT, "executor-1", "boom", 1, false));
            case 3 -> events.add(new JobCancelled(UUID.randomUUID(), "job-1", AT, "gateway", "stop", "someone"));
            case 4 -> events.add(new JobTimedOut(UUID.randomUUID(), "job-1", AT, "executor-1", 1000));
            case 5 -> events.add(new JobPaused(UUID.randomUUID(), "job-1", AT, "executor-1"));
            default -> { }
        }
        return events;
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_', '.').ofMinLength(1)
                .ofMaxLength(30).filter(name -> Character.isLetterOrDigit(name.charAt(0)));
    }

    @Provide
    Arbitrary<String> batches() {
        return names().injectNull(0.3);
    }

    @Provide
    Arbitrary<Map<String, String>> labels() {
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(20)
                .filter(text -> text.chars().noneMatch(c -> Character.isSurrogate((char) c)));
        return Arbitraries.maps(names(), anyText).ofMaxSize(4);
    }
}
