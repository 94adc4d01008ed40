package io.headway.eta.eval;

import io.headway.events.codec.HeadwayJson;
import io.headway.events.ProgressEvent;
import io.headway.eta.traces.GeneratedTruth;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code headway.sh eta-eval}: replays recorded {@code headway.progress} logs through Headway's estimator and the
 * baselines and prints how accurate each was. Needs no running stack. Each file is replayed on its own, with models
 * that start knowing nothing; the table pools all files.
 */
@Command(name = "eta-eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replays JSON lines of headway.progress events through the ETA estimator and the baselines.")
public final class EtaEval implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "JSON lines of events as the codec writes them, in time order (.gz read as gzip)")
    List<Path> files;

    @Option(names = "--predictions", paramLabel = "OUT",
            description = "also write each estimate the service would publish, as JSON lines")
    Path predictions;

    @Option(names = "--by-file", description = "also print a table per file")
    boolean byFile;

    @Option(names = "--floor", description = "also print the hindsight floor of the synthetic traces: how well an"
            + " estimator knowing each job's hidden pace, but not its remaining items' luck, would do (not a model)")
    boolean floor;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EtaEval()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Scoreboard all = new Scoreboard();
        FloorReport allFloors = new FloorReport();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        try (BufferedWriter sink = predictions == null ? null : Files.newBufferedWriter(predictions)) {
            for (Path file : files) {
                List<ProgressEvent> events = TraceReader.read(file);
                Replay replay = new Replay(Models.fresh(), prediction -> write(sink, prediction));
                Scoreboard one = new Scoreboard();
                one.add(replay.run(events));
                all.add(one.asMap());
                FloorReport oneFloor = floor ? floors(events) : new FloorReport();
                oneFloor.copyInto(allFloors);
                if (byFile) {
                    out.printf("%s (%d events)%n%s%s%n", file.getFileName(), events.size(), one.table(),
                            oneFloor.isEmpty() ? "" : oneFloor.table(one));
                }
            }
        }
        out.printf("%d file(s), pooled%n%s", files.size(), all.table());
        if (floor) {
            out.printf("%n%s", allFloors.isEmpty() ? String.format("hindsight floor: no trace is one the generator"
                    + " wrote%n") : allFloors.table(all));
        }
        return 0;
    }

    /** The hindsight floor of a trace the generator wrote, nothing for any other. */
    private static FloorReport floors(List<ProgressEvent> events) {
        FloorReport report = new FloorReport();
        GeneratedTruth.of(events).ifPresent(truth -> {
            HindsightFloor model = new HindsightFloor(truth);
            events.forEach(model::observe);
            report.add(model.scored());
        });
        return report;
    }

    private static void write(BufferedWriter sink, Replay.Prediction prediction) {
        if (sink == null) {
            return;
        }
        try {
            sink.write(HeadwayJson.mapper().writeValueAsString(new PredictionLine(prediction.jobId(),
                    Instant.ofEpochMilli(prediction.atMs()), prediction.estimate().remainingMs(),
                    prediction.estimate().lowMs(), prediction.estimate().highMs())));
            sink.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of {@code --predictions}. */
    record PredictionLine(String jobId, Instant occurredAt, long remainingMs, long lowMs, long highMs) {
    }
}
