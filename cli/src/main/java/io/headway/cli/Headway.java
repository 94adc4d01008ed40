package io.headway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.events.codec.HeadwayJson;
import io.headway.stream.ClientMessage;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code headway}: the command line of Headway. It talks to the gateway's public REST API and live stream only, so
 * anything it does a user's own client can do. The gateway URL and key come from {@code --url}/{@code --key}, else
 * {@code HEADWAY_URL}/{@code HEADWAY_API_KEY}, else {@code ~/.config/headway/config} ({@code url=}, {@code key=}),
 * else the local stack's ({@code http://localhost:8080} and its development key).
 */
@Command(name = "headway", mixinStandardHelpOptions = true, version = "headway 0.1.0",
        description = "Submit, follow and control Headway jobs.",
        subcommands = {Headway.Submit.class, Headway.ListJobs.class, Headway.Get.class, Headway.Logs.class,
                Headway.Cancel.class, Headway.Pause.class, Headway.Resume.class, Headway.Types.class,
                Headway.WatchJobs.class, Alerts.class, Artifacts.ListArtifacts.class, Artifacts.Download.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done; a followed job succeeded", "1:a followed job failed", "2:usage error",
                "3:a followed job was cancelled", "4:a followed job timed out",
                "5:the gateway could not be reached or refused the key"})
public final class Headway {

    @Option(names = "--url", scope = ScopeType.INHERIT, description = "the gateway (default: $HEADWAY_URL, the "
            + "config file, or http://localhost:8080)")
    String url;

    @Option(names = "--key", scope = ScopeType.INHERIT, description = "the API key (default: $HEADWAY_API_KEY or "
            + "the config file)")
    String key;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, defaultValue = "table",
            description = "table, json or csv, for read commands (${DEFAULT-VALUE})")
    Output.Format output;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command line and returns its exit status; the tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Headway()).setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof CliException failure) {
                        cmd.getErr().println("headway: " + failure.getMessage());
                        return failure.exitCode;
                    }
                    cmd.getErr().println("headway: " + e);
                    return ExitCode.FAILED;
                });
        return line.execute(args);
    }

    Gateway gateway() {
        Properties config = new Properties();
        Path file = Path.of(System.getProperty("user.home"), ".config", "headway", "config");
        if (Files.isReadable(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                config.load(reader);
            } catch (IOException e) {
                throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
            }
        }
        String base = first(url, System.getenv("HEADWAY_URL"), config.getProperty("url"), "http://localhost:8080");
        String apiKey = first(key, System.getenv("HEADWAY_API_KEY"), config.getProperty("key"), localStackKey());
        return new Gateway(URI.create(base.endsWith("/") ? base : base + "/"), apiKey);
    }

    /** The local stack's development key ({@code .stack/dev-key}, which the launcher names), if there is one. */
    private static String localStackKey() {
        String file = System.getProperty("headway.local-key-file");
        try {
            return file == null || !Files.isReadable(Path.of(file)) ? null : Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    static String path(String jobId) {
        return "api/v1/jobs/" + Gateway.encode(jobId);
    }

    static final List<Output.Column> JOB_COLUMNS = List.of(
            Output.Column.of("job", "jobId"), Output.Column.of("status", "status"), Output.Column.of("type", "type"),
            new Output.Column("progress", row -> Math.round(row.path("progress").asDouble() * 100) + "%"),
            Output.Column.of("labels", "labels"), Output.Column.of("submitted", "submittedAt"),
            Output.Column.of("finished", "finishedAt"));

    /** Follows jobs to their end; the exit status says how the worst of them ended. */
    static int follow(Headway root, Set<String> jobIds) throws InterruptedException {
        PrintWriter out = root.spec.commandLine().getOut();
        return new Watch(root.gateway(), out, Watch.Terminal.detect())
                .run(ClientMessage.Subscribe.jobs(List.copyOf(jobIds)), jobIds);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "submit", description = "Submit a job: TYPE and its parameters as key=value.")
    static final class Submit implements Callable<Integer> {
        @ParentCommand Headway root;
        @Parameters(index = "0", paramLabel = "TYPE", description = "the job type (see: headway types)") String type;
        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "parameters") Map<String, String> parameters;
        @Option(names = "--batch", description = "a batch id to group jobs under") String batch;
        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "a label (repeatable)") Map<String, String> labels;
        @Option(names = "--priority", description = "-100..100, higher starts first") Integer priority;
        @Option(names = {"-f", "--follow"}, description = "watch it to its end; the exit status says how it ended") boolean follow;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type);
            body.put("parameters", parameters == null ? Map.of() : parameters);
            if (labels != null) {
                body.put("labels", labels);
            }
            if (batch != null) {
                body.put("batchId", batch);
            }
            if (priority != null) {
                body.put("priority", priority);
            }
            JsonNode accepted = root.gateway().post("api/v1/jobs", body);
            String jobId = accepted.path("jobId").asText();
            PrintWriter out = root.spec.commandLine().getOut();
            out.println(jobId);
            out.flush();
            return follow ? follow(root, Set.of(jobId)) : ExitCode.OK;
        }
    }

    @Command(name = "list", description = "List jobs, newest first.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand Headway root;
        @Option(names = "--status", description = "e.g. RUNNING (repeatable)") List<String> statuses;
        @Option(names = "--type") String type;
        @Option(names = "--batch") String batch;
        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "(repeatable; all must match)") Map<String, String> labels;
        @Option(names = "--limit", defaultValue = "50") int limit;

        @Override
        public Integer call() {
            List<String> query = new ArrayList<>(List.of("limit=" + limit));
            if (statuses != null) {
                statuses.forEach(s -> query.add("status=" + Gateway.encode(s.toUpperCase())));
            }
            if (type != null) {
                query.add("type=" + Gateway.encode(type));
            }
            if (batch != null) {
                query.add("batchId=" + Gateway.encode(batch));
            }
            if (labels != null) {
                labels.forEach((k, v) -> query.add("label=" + Gateway.encode(k + ":" + v)));
            }
            JsonNode page = root.gateway().get("api/v1/jobs?" + String.join("&", query));
            List<JsonNode> rows = new ArrayList<>();
            page.path("items").forEach(rows::add);
            Output.print(root.spec.commandLine().getOut(), root.output, page, rows, JOB_COLUMNS);
            return ExitCode.OK;
        }
    }

    @Command(name = "get", description = "Show a job's current state.")
    static final class Get implements Callable<Integer> {
        @ParentCommand Headway root;
        @Parameters(paramLabel = "JOB") String jobId;

        @Override
        public Integer call() {
            JsonNode snapshot = root.gateway().get(path(jobId));
            JsonNode state = snapshot.path("state");
            List<Output.Column> columns = List.of(Output.Column.of("job", "jobId"), Output.Column.of("status", "status"),
                    Output.Column.of("type", "jobType"),
                    new Output.Column("progress", s -> Math.round(s.path("progress").asDouble() * 100) + "%"),
                    Output.Column.of("stage", "currentStage"), Output.Column.of("message", "message"),
                    new Output.Column("eta", s -> s.path("eta").hasNonNull("remainingMs")
                            ? ProgressLine.duration(s.path("eta").path("remainingMs").asLong()) : ""),
                    Output.Column.of("attempt", "attempt"));
            Output.print(root.spec.commandLine().getOut(), root.output, snapshot, List.of(state), columns);
            return ExitCode.OK;
        }
    }

    @Command(name = "logs", description = "Print a job's log; -f keeps following it live.")
    static final class Logs implements Callable<Integer> {
        @ParentCommand Headway root;
        @Parameters(paramLabel = "JOB") String jobId;
        @Option(names = {"-f", "--follow"}) boolean follow;
        @Option(names = "--level", description = "only these levels, e.g. WARN (repeatable)") List<String> levels;

        @Override
        public Integer call() throws InterruptedException {
            Gateway gateway = root.gateway();
            PrintWriter out = root.spec.commandLine().getOut();
            if (follow) {
                return followLive(gateway, out);
            }
            String filter = levels == null ? "" : levels.stream()
                    .map(l -> "&level=" + Gateway.encode(l.toUpperCase())).reduce("", String::concat);
            String after = null;
            do {
                JsonNode page = gateway.get(path(jobId) + "/logs?limit=1000" + filter
                        + (after == null ? "" : "&after=" + Gateway.encode(after)));
                page.path("items").forEach(entry -> print(out, entry.path("line"), entry));
                after = page.hasNonNull("next") ? page.path("next").asText() : null;
            } while (after != null);
            out.flush();
            return ExitCode.OK;
        }

        /** The recent tail, then every new line as it comes, over the stream; ends when the job does. */
        private int followLive(Gateway gateway, PrintWriter out) throws InterruptedException {
            String now = gateway.get(path(jobId)).path("state").path("status").asText();
            if (ProgressLine.terminal(now)) {
                follow = false;
                call();
                return ExitCode.of(now);
            }
            String ended = null;
            try (StreamClient stream = gateway.stream(ClientMessage.Subscribe.jobs(jobId).withLogs())) {
                while (true) {
                    ServerMessage message = Gateway.next(stream, Duration.ofSeconds(1)).orElse(null);
                    if (message == null) {
                        if (ended != null) {
                            return ExitCode.of(ended); // a quiet second after the end: the last lines are in
                        }
                        continue;
                    }
                    switch (message) {
                        case ServerMessage.Logs logs -> logs.lines().forEach(line -> {
                            JsonNode json = HeadwayJson.mapper().valueToTree(line);
                            print(out, json, json);
                        });
                        case ServerMessage.LogsGap gap ->
                                out.println("… lines skipped on the stream: headway logs " + jobId);
                        case ServerMessage.Snapshot snapshot when snapshot.state().status().isTerminal() ->
                                ended = snapshot.state().status().name();
                        default -> {
                        }
                    }
                    out.flush();
                }
            }
        }

        private void print(PrintWriter out, JsonNode line, JsonNode raw) {
            if (levels != null && levels.stream().noneMatch(l -> l.equalsIgnoreCase(line.path("level").asText()))) {
                return;
            }
            if (root.output == Output.Format.json) {
                out.println(raw);
            } else {
                out.println(line.path("at").asText() + " " + line.path("level").asText() + " "
                        + line.path("text").asText());
            }
        }
    }

    /** cancel, pause and resume share their shape. */
    abstract static class Control implements Callable<Integer> {
        @ParentCommand Headway root;
        @Parameters(paramLabel = "JOB") String jobId;
        @Option(names = "--reason", description = "why, kept with the job") String reason;

        abstract String action();

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (reason != null) {
                body.put("reason", reason);
            }
            root.gateway().post(path(jobId) + "/" + action(), body);
            root.spec.commandLine().getOut().println(action() + " requested for " + jobId);
            return ExitCode.OK;
        }
    }

    @Command(name = "cancel", description = "Cancel a job (gracefully, then killed after a grace period).")
    static final class Cancel extends Control {
        String action() {
            return "cancel";
        }
    }

    @Command(name = "pause", description = "Pause a running job.")
    static final class Pause extends Control {
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Resume a paused job.")
    static final class Resume extends Control {
        String action() {
            return "resume";
        }
    }

    @Command(name = "types", description = "The job types you can submit, with their parameters.")
    static final class Types implements Callable<Integer> {
        @ParentCommand Headway root;

        @Override
        public Integer call() {
            JsonNode types = root.gateway().get("api/v1/job-types");
            List<JsonNode> rows = new ArrayList<>();
            types.forEach(rows::add);
            List<Output.Column> columns = List.of(Output.Column.of("type", "type"),
                    new Output.Column("parameters", t -> {
                        List<String> names = new ArrayList<>();
                        t.path("parameters").forEach(p -> names.add(p.path("name").asText()
                                + (p.hasNonNull("defaultValue") ? "=" + p.path("defaultValue").asText() : "")));
                        return String.join(" ", names);
                    }),
                    Output.Column.of("description", "description"));
            Output.print(root.spec.commandLine().getOut(), root.output, types, rows, columns);
            return ExitCode.OK;
        }
    }

    @Command(name = "watch", description = "Live progress bars: one job, a batch, or all your jobs.")
    static final class WatchJobs implements Callable<Integer> {
        @ParentCommand Headway root;
        @Parameters(paramLabel = "JOB", arity = "0..1") String jobId;
        @Option(names = "--batch") String batch;
        @Option(names = "--all") boolean all;

        @Override
        public Integer call() throws InterruptedException {
            int given = (jobId != null ? 1 : 0) + (batch != null ? 1 : 0) + (all ? 1 : 0);
            if (given != 1) {
                throw new CommandLine.ParameterException(root.spec.commandLine(),
                        "watch takes exactly one of: JOB, --batch B, --all");
            }
            if (jobId != null) {
                return follow(root, Set.of(jobId));
            }
            ClientMessage.Subscribe subscription = batch != null ? ClientMessage.Subscribe.batch(batch)
                    : ClientMessage.Subscribe.everything();
            return new Watch(root.gateway(), root.spec.commandLine().getOut(), Watch.Terminal.detect())
                    .run(subscription, Set.of());
        }
    }
}
