package io.headway.eta.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.UnrecognizedEvent;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.codec.ProgressEventCodec;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TraceGeneratorTest {

    private static final List<String> SHAPES = List.of("steady", "slow-warmup", "slowdown-midway", "stalls",
            "dominant-stage", "noisy-rate", "size-dependent", "weights-disagree", "heavy-tailed");

    @TempDir
    static Path traces;

    private final ProgressEventCodec codec = new ProgressEventCodec();
    private final ObjectMapper json = HeadwayJson.mapper();

    @BeforeAll
    static void generateOnce() {
        assertThat(generate(traces, 30)).isZero();
    }

    @Test
    void theSameSeedsWriteTheSameBytes(@TempDir Path second) throws IOException {
        assertThat(generate(second, 30)).isZero();

        for (String shape : SHAPES) {
            String file = shape + ".jsonl.gz";
            assertThat(Files.readAllBytes(traces.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(second.resolve(file)));
        }
        try (var files = Files.list(traces)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(SHAPES.stream().map(s -> s + ".jsonl.gz").toList());
        }
    }

    @Test
    void everyLineIsAnEventTheCodecReadsAndWritesAlike() throws IOException {
        for (String shape : SHAPES) {
            List<String> lines = lines(traces.resolve(shape + ".jsonl.gz"));
            List<String> unlike = new ArrayList<>();
            for (String line : lines) {
                ProgressEvent event = codec.decode(line.getBytes(StandardCharsets.UTF_8));
                boolean same = json.readTree(codec.encode(event)).equals(json.readTree(line));
                if (event instanceof UnrecognizedEvent || !same) {
                    unlike.add(line);
                }
            }
            assertThat(lines).as(shape).isNotEmpty();
            assertThat(unlike).as("%s: lines the codec does not read back as written", shape).isEmpty();
        }
    }

    @Test
    void eachFileHoldsWholeSucceededJobsOfItsShapeInTimeOrderSomeRunningAtOnce() throws IOException {
        for (String shape : SHAPES) {
            List<ProgressEvent> events = new ArrayList<>();
            for (String line : lines(traces.resolve(shape + ".jsonl.gz"))) {
                events.add(codec.decode(line.getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(events).as(shape).isSortedAccordingTo((a, b) -> a.occurredAt().compareTo(b.occurredAt()));
            assertThat(events.getFirst().occurredAt()).isAfterOrEqualTo(TraceGenerator.BASE_TIME);

            Map<String, List<ProgressEvent>> byJob = new LinkedHashMap<>();
            events.forEach(e -> byJob.computeIfAbsent(e.jobId(), id -> new ArrayList<>()).add(e));
            assertThat(byJob).as(shape).hasSize(30);
            for (List<ProgressEvent> job : byJob.values()) {
                assertThat(job.getFirst()).isInstanceOf(JobSubmitted.class);
                assertThat(job.get(1)).isInstanceOf(JobStarted.class);
                assertThat(job.getLast()).isInstanceOf(JobSucceeded.class);
                assertThat(job).hasSizeBetween(40, 160);

                JobState state = JobReducer.fold(job.getFirst().jobId(), job);
                assertThat(state.status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(state.jobType()).isEqualTo(shape);
                assertThat(state.stages()).hasSize(3);
                long durationMs = state.finishedAt().toEpochMilli() - state.startedAt().toEpochMilli();
                assertThat(durationMs).as("%s lasted", job.getFirst().jobId()).isBetween(5_000L, 3_600_000L);
            }
            assertThat(mostRunningAtOnce(byJob.values())).as(shape).isBetween(2, 3);
        }
    }

    @Test
    void sizeDependentJobsNameTheirSizeAndTeam() {
        List<ProgressEvent> events = TraceGenerator.events(TraceShape.SIZE_DEPENDENT, 30);

        List<JobSubmitted> submitted = events.stream()
                .filter(JobSubmitted.class::isInstance).map(JobSubmitted.class::cast).toList();
        assertThat(submitted).hasSize(30).allSatisfy(job -> {
            assertThat(job.parameters()).containsOnlyKeys("size", "team");
            assertThat(Integer.parseInt(job.parameters().get("size"))).isBetween(10, 2000);
        });
    }

    private static int generate(Path dir, int jobs) {
        return new CommandLine(new TraceGenerator()).execute("--out", dir.toString(), "--jobs", Integer.toString(jobs));
    }

    private static List<String> lines(Path file) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    private static int mostRunningAtOnce(Iterable<List<ProgressEvent>> jobs) {
        List<long[]> changes = new ArrayList<>();
        for (List<ProgressEvent> job : jobs) {
            changes.add(new long[] {millis(job.get(1).occurredAt()), 1});
            changes.add(new long[] {millis(job.getLast().occurredAt()), -1});
        }
        long[][] sorted = changes.toArray(long[][]::new);
        Arrays.sort(sorted, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int most = 0;
        for (long[] change : sorted) {
            running += (int) change[1];
            most = Math.max(most, running);
        }
        return most;
    }

    private static long millis(Instant at) {
        return at.toEpochMilli();
    }
}
