package io.headway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code headway artifacts JOB} and {@code headway download JOB NAME}: a job's previews and artifacts. */
final class Artifacts {

    static final List<Output.Column> COLUMNS = List.of(Output.Column.of("name", "name"),
            Output.Column.of("type", "mediaType"),
            new Output.Column("size", row -> size(row.path("sizeBytes").asLong())),
            new Output.Column("preview", row -> row.path("preview").asBoolean() ? "yes" : ""),
            Output.Column.of("stage", "stage"), Output.Column.of("saved", "savedAt"));

    private Artifacts() {
    }

    static String path(String jobId) {
        return Headway.path(jobId) + "/artifacts";
    }

    @Command(name = "artifacts", description = "List a job's previews and artifacts, in the order first saved.")
    static final class ListArtifacts implements Callable<Integer> {
        @ParentCommand Headway root;
        @Parameters(paramLabel = "JOB") String jobId;

        @Override
        public Integer call() {
            JsonNode list = root.gateway().get(path(jobId));
            List<JsonNode> rows = new ArrayList<>();
            list.path("items").forEach(rows::add);
            PrintWriter out = root.spec.commandLine().getOut();
            if (rows.isEmpty() && root.output == Output.Format.table) {
                out.println("job " + jobId + " has no artifacts yet");
                return ExitCode.OK;
            }
            Output.print(out, root.output, list, rows, COLUMNS);
            return ExitCode.OK;
        }
    }

    @Command(name = "download", description = "Save one of a job's artifacts to a file.")
    static final class Download implements Callable<Integer> {
        @ParentCommand Headway root;
        @Parameters(index = "0", paramLabel = "JOB") String jobId;
        @Parameters(index = "1", paramLabel = "NAME", description = "the artifact's name, as `headway artifacts` "
                + "lists it") String name;
        @Option(names = "--to", paramLabel = "FILE", description = "where to save it (default: NAME in the current "
                + "directory)") Path to;

        @Override
        public Integer call() {
            Path target = to != null ? to : Path.of(name);
            long bytes = root.gateway().download(path(jobId) + "/" + Gateway.encode(name), target);
            root.spec.commandLine().getOut().println("saved " + name + " (" + size(bytes) + ") to " + target);
            return ExitCode.OK;
        }
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20) {
            return String.format("%.1f MiB", bytes / (double) (1 << 20));
        }
        return bytes >= 1 << 10 ? String.format("%.1f KiB", bytes / 1024.0) : bytes + " B";
    }
}
