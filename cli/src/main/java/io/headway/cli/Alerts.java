package io.headway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headway.events.codec.HeadwayJson;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code headway alerts}: the tenant's alerts, newest first, over {@code GET /api/v1/alerts} with its filters; or one
 * alert and its changes. The live ones show in {@code headway watch}.
 */
@Command(name = "alerts", description = "List alerts, newest first; or show one ALERT and how it changed.")
final class Alerts implements Callable<Integer> {

    /** The most the gateway is asked for in one page; longer lists are read a page at a time. */
    private static final int PAGE = 200;
    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

    static final List<Output.Column> COLUMNS = List.of(
            new Output.Column("alert", row -> ProgressLine.clip(row.path("alertId").asText(), 8)),
            Output.Column.of("severity", "severity"), Output.Column.of("kind", "kind"),
            Output.Column.of("state", "state"),
            new Output.Column("job", row -> row.hasNonNull("jobId") ? row.path("jobId").asText() : "(tenant)"),
            Output.Column.of("type", "jobType"), Output.Column.of("message", "message"),
            Output.Column.of("raised", "raisedAt"), Output.Column.of("resolved", "resolvedAt"));

    static final List<Output.Column> CHANGE_COLUMNS = List.of(Output.Column.of("state", "state"),
            Output.Column.of("at", "at"), Output.Column.of("message", "message"));

    @ParentCommand Headway root;
    @Parameters(paramLabel = "ALERT", arity = "0..1", description = "an alert id: show it and its changes") String alertId;
    @Option(names = "--open", description = "only alerts still open (raised or updated, not resolved)") boolean open;
    @Option(names = "--state", description = "RAISED, UPDATED or RESOLVED") String state;
    @Option(names = "--job", paramLabel = "JOB", description = "only those about this job") String jobId;
    @Option(names = "--kind", description = "e.g. STALLED, FAILED, THRESHOLD") String kind;
    @Option(names = "--severity", description = "INFO, WARNING or CRITICAL") String severity;
    @Option(names = "--since", paramLabel = "WHEN", description = "raised since an instant (2026-12-01T09:00:00Z) "
            + "or a time ago (90s, 30m, 2h, 7d)") String since;
    @Option(names = "--limit", defaultValue = "50") int limit;

    @Override
    public Integer call() {
        Gateway gateway = root.gateway();
        if (alertId != null) {
            JsonNode alert = gateway.get("api/v1/alerts/" + Gateway.encode(alertId));
            List<JsonNode> changes = new ArrayList<>();
            alert.path("changes").forEach(changes::add);
            Output.print(root.spec.commandLine().getOut(), root.output, alert, changes, CHANGE_COLUMNS);
            return ExitCode.OK;
        }
        List<JsonNode> rows = new ArrayList<>();
        String cursor = null;
        do {
            String page = query(Instant.now(), Math.max(1, Math.min(PAGE, limit - rows.size())), cursor);
            JsonNode items = gateway.get("api/v1/alerts?" + page);
            items.path("items").forEach(rows::add);
            cursor = items.hasNonNull("next") ? items.path("next").asText() : null;
        } while (cursor != null && rows.size() < limit);
        List<JsonNode> shown = rows.subList(0, Math.min(rows.size(), limit));
        ObjectNode read = HeadwayJson.mapper().createObjectNode();
        read.putArray("items").addAll(shown);
        read.put("next", cursor);
        Output.print(root.spec.commandLine().getOut(), root.output, read, shown, COLUMNS);
        return ExitCode.OK;
    }

    /** The query string of one page of the list the options ask for. */
    String query(Instant now, int limit, String cursor) {
        if (open && state != null) {
            throw new CommandLine.ParameterException(root.spec.commandLine(), "alerts takes --open or --state, not both");
        }
        List<String> query = new ArrayList<>(List.of("limit=" + limit));
        add(query, "state", open ? "open" : upper(state));
        add(query, "kind", upper(kind));
        add(query, "severity", upper(severity));
        add(query, "jobId", jobId);
        add(query, "since", since == null ? null : since(since, now).toString());
        add(query, "cursor", cursor);
        return String.join("&", query);
    }

    /** {@code --since}: an ISO-8601 instant, or an amount of seconds, minutes, hours or days before {@code now}. */
    static Instant since(String text, Instant now) {
        Matcher ago = AGO.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration back = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(back);
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCode.USAGE, "--since takes an instant such as 2026-12-01T09:00:00Z or a time "
                    + "ago such as 30m, 2h or 7d, not: " + text);
        }
    }

    private static void add(List<String> query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.add(name + "=" + Gateway.encode(value));
        }
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}
