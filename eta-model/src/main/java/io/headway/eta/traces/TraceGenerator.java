package io.headway.eta.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.codec.HeadwayJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes the trace suite the ETA models are evaluated on: for each {@link TraceShape}, one file
 * {@code <shape>.jsonl.gz} of gzipped JSON lines, each line one {@link ProgressEvent} as it would travel on
 * {@code headway.progress}, all the file's events in {@code occurredAt} order (events at the same millisecond keep
 * the order they were made in). Synthetic rather than recorded, so that each file isolates one thing that makes
 * estimating hard and the truth behind it is known; the shapes say what each file models.
 *
 * <p>A file holds {@code --jobs} jobs of its shape (job type = the shape's name, tenant {@code traces}), the first
 * starting at 2026-01-01T00:00:05Z and each next one after 35 % to 85 % of the previous one's duration, but never
 * while three are running (as on an executor with three slots), so two or three run at once at times and every job
 * but the first has finished jobs of its type to learn from. A job is submitted 0.2 to 5 s before it starts and
 * sends {@code JobSubmitted}, {@code JobStarted} (attempt 1, executor {@code trace-generator}, the stage plan), then
 * per stage {@code StageStarted}, a {@code ProgressReported} with the stage's {@code current}/{@code total} items
 * after every item (every few items in stages of more than 80) and {@code StageCompleted} with the last item, and
 * {@code JobSucceeded}; a few hundred milliseconds separate the stages.
 *
 * <p>Deterministic: every number comes from the shape's fixed seed ({@link Draw}), event ids are name-based UUIDs of
 * job id and sequence number, and map fields are written with their keys sorted. The last point is why lines are
 * written with the wire format's own settings ({@link HeadwayJson#configure}) plus sorted map keys rather than with
 * {@code ProgressEventCodec.encode}: the events' maps are {@code Map.copyOf} copies whose iteration order changes
 * from one JVM run to the next, so the codec's bytes would too. Each line is otherwise what the codec writes and
 * decodes with it. The gzip bytes are also fixed for a given JDK (its deflater), not across all JDKs.
 *
 * <p>Never reads the wall clock or the environment: the same options give the same files.
 */
@Command(name = "trace-generator", mixinStandardHelpOptions = true,
        description = "Writes the synthetic trace suite for the ETA models, one <shape>.jsonl.gz per shape.")
public final class TraceGenerator implements Callable<Integer> {

    static final Instant BASE_TIME = Instant.parse("2026-01-01T00:00:00Z");
    static final String TENANT = "traces";
    static final String EXECUTOR = "trace-generator";

    /** A job waits to start while this many of its shape run, as on an executor with that many slots. */
    static final int MAX_RUNNING = 3;
    /** The silence before each stage starts, and between the last stage's end and the job's: uniform, ms. */
    static final double[] STAGE_GAP_MS = {100, 600};
    static final double[] END_GAP_MS = {50, 300};

    private static final ObjectMapper JSON = HeadwayJson.configure(JsonMapper.builder())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Option(names = "--out", defaultValue = "eta-model/traces",
            description = "Directory to write to (${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--jobs", defaultValue = "30", description = "Jobs per shape (${DEFAULT-VALUE}).")
    private int jobs;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TraceGenerator()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        Files.createDirectories(out);
        PrintWriter console = spec.commandLine().getOut();
        for (TraceShape shape : TraceShape.values()) {
            Path file = out.resolve(shape.shapeName() + ".jsonl.gz");
            List<ProgressEvent> events = events(shape, jobs);
            write(file, events);
            console.printf("%s: %d jobs, %d events, %d bytes%n", file, jobs, events.size(), Files.size(file));
        }
        console.flush();
        return 0;
    }

    /** All events of {@code jobs} jobs of a shape, in {@code occurredAt} order. */
    static List<ProgressEvent> events(TraceShape shape, int jobs) {
        return generate(shape, jobs).events();
    }

    /** The events of {@code jobs} jobs of a shape, in {@code occurredAt} order, and the jobs they were made from. */
    static Generated generate(TraceShape shape, int jobs) {
        Random random = new Random(shape.seed());
        List<ProgressEvent> events = new ArrayList<>();
        Map<String, SimulatedJob> drawn = new LinkedHashMap<>();
        List<Double> endsMs = new ArrayList<>();
        double startMs = 5_000;
        for (int i = 1; i <= jobs; i++) {
            String jobId = String.format("%s-%03d", shape.shapeName(), i);
            SimulatedJob job = shape.draw(random);
            drawn.put(jobId, job);
            double durationMs = new JobEvents(shape, jobId, job, random).emit(startMs, events);
            endsMs.add(startMs + durationMs);
            startMs = nextStart(startMs + durationMs * Draw.uniform(random, 0.35, 0.85), endsMs);
        }
        events.sort(Comparator.comparing(ProgressEvent::occurredAt));
        return new Generated(events, drawn);
    }

    /** A generated trace: its events and, by job id, the simulated jobs behind them. */
    record Generated(List<ProgressEvent> events, Map<String, SimulatedJob> jobs) {
    }

    /** The earliest time from {@code candidateMs} on when fewer than {@link #MAX_RUNNING} jobs are running. */
    private static double nextStart(double candidateMs, List<Double> endsMs) {
        double startMs = candidateMs;
        while (true) {
            double at = startMs;
            List<Double> running = endsMs.stream().filter(end -> end > at).sorted().toList();
            if (running.size() < MAX_RUNNING) {
                return startMs;
            }
            startMs = running.get(running.size() - MAX_RUNNING);
        }
    }

    /** Writes events as gzipped JSON lines. */
    static void write(Path file, List<ProgressEvent> events) throws IOException {
        try (OutputStream stream = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (ProgressEvent event : events) {
                stream.write(JSON.writeValueAsBytes(event));
                stream.write('\n');
            }
        }
    }

    /** Turns one simulated job into its events, placed in log time. */
    private static final class JobEvents {

        private final TraceShape shape;
        private final String jobId;
        private final SimulatedJob job;
        private final Random random;
        private int sequence;

        private JobEvents(TraceShape shape, String jobId, SimulatedJob job, Random random) {
            this.shape = shape;
            this.jobId = jobId;
            this.job = job;
            this.random = random;
        }

        /** Adds the job's events, starting it at {@code startMs} after the base time; returns its duration. */
        private double emit(double startMs, List<ProgressEvent> events) {
            List<StagePlan> plan = job.stages().stream().map(s -> new StagePlan(s.name(), s.weight())).toList();
            double submittedMs = startMs - Draw.uniform(random, 200, 5_000);
            events.add(new JobSubmitted(nextId(), jobId, at(submittedMs), EXECUTOR, TENANT, shape.shapeName(),
                    job.parameters(), 0, null, Map.of("suite", "eta-traces"), plan, false));
            events.add(new JobStarted(nextId(), jobId, at(startMs), EXECUTOR, 1, EXECUTOR, plan));
            double t = startMs;
            for (SimulatedJob.Stage stage : job.stages()) {
                t += Draw.uniform(random, STAGE_GAP_MS[0], STAGE_GAP_MS[1]);
                events.add(new StageStarted(nextId(), jobId, at(t), EXECUTOR, stage.name(), null));
                double[] itemMs = stage.itemMs();
                for (int item = 1; item <= itemMs.length; item++) {
                    t += itemMs[item - 1];
                    if (item % stage.reportEvery() == 0 || item == itemMs.length) {
                        events.add(new ProgressReported(nextId(), jobId, at(t), EXECUTOR, stage.name(), null,
                                (long) item, (long) itemMs.length, "items", null, Map.of()));
                    }
                }
                events.add(new StageCompleted(nextId(), jobId, at(t), EXECUTOR, stage.name()));
            }
            t += Draw.uniform(random, END_GAP_MS[0], END_GAP_MS[1]);
            events.add(new JobSucceeded(nextId(), jobId, at(t), EXECUTOR, null));
            return t - startMs;
        }

        private UUID nextId() {
            sequence++;
            return UUID.nameUUIDFromBytes((jobId + "/" + sequence).getBytes(StandardCharsets.UTF_8));
        }

        private static Instant at(double msAfterBase) {
            return BASE_TIME.plusMillis(Math.round(msAfterBase));
        }
    }
}
