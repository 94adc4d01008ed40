package io.headway.executor.output;

import io.headway.events.LogLine;
import io.headway.events.Require;
import io.headway.executor.output.OutputSignal.ArtifactOffered;
import io.headway.executor.output.OutputSignal.Checkpoint;
import io.headway.executor.output.OutputSignal.Progress;
import io.headway.executor.output.OutputSignal.StageBegins;
import io.headway.executor.output.OutputSignal.StageEnds;
import io.headway.templates.ProgressPattern;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one line of a job's output: the line protocol any program can print without a library (documented in
 * {@code docs/line-protocol.md}), or a template's progress patterns for tools that do not speak it. Protocol lines are
 * instructions, not log lines; a line that is neither is only a log line.
 */
public final class OutputParser {

    private static final Pattern COMMAND = Pattern.compile("^::([a-z-]+)(?:\\s+(.*))?$");
    private static final Pattern WEIGHT = Pattern.compile("^(\\S+)\\s+weight=([0-9]*\\.?[0-9]+)$");
    private static final Pattern PERCENT = Pattern.compile("^([0-9]*\\.?[0-9]+)%(?:\\s+(.*))?$");
    private static final Pattern FRACTION = Pattern.compile("^(0(?:\\.[0-9]+)?|1(?:\\.0+)?)(?:\\s+(.*))?$");
    private static final Pattern UNITS = Pattern.compile("^([0-9]{1,18})/([0-9]{1,18})(?:\\s+(\\S+))?(?:\\s+(.*))?$");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z]+)=(?:\"([^\"]*)\"|(\\S+))");
    private static final Pattern COUNTER = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(-?[0-9]{1,18})");

    private final List<ProgressPattern> patterns;

    public OutputParser(List<ProgressPattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** What one output line means. */
    public record Parsed(OutputSignal signal, boolean isLog) {

        static final Parsed LOG = new Parsed(null, true);
    }

    public Parsed parse(String line) {
        Matcher command = COMMAND.matcher(line.strip());
        if (command.matches()) {
            OutputSignal signal = withinBounds(protocol(command.group(1),
                    command.group(2) == null ? "" : command.group(2).strip()));
            return signal == null ? Parsed.LOG : new Parsed(signal, false);
        }
        for (ProgressPattern pattern : patterns) {
            Matcher m = pattern.regex().matcher(line);
            if (m.find()) {
                return new Parsed(withinBounds(fromPattern(pattern, m)), true);
            }
        }
        return Parsed.LOG;
    }

    /**
     * The signal as an event may carry it ({@link Require}): a message is cut to its bound; a name, unit, checkpoint
     * or set of counters beyond theirs makes the line no signal at all, so it is kept as a log line instead.
     */
    private static OutputSignal withinBounds(OutputSignal signal) {
        return switch (signal) {
            case null -> null;
            case StageBegins begins -> fits(begins.stage(), Require.MAX_NAME) ? begins : null;
            case StageEnds ends -> fits(ends.stage(), Require.MAX_NAME) ? ends : null;
            case Checkpoint checkpoint -> fits(checkpoint.value(), Require.MAX_TEXT) ? checkpoint : null;
            case ArtifactOffered artifact -> fits(artifact.path(), Require.MAX_TEXT)
                    && fits(artifact.name(), Require.MAX_NAME) && fits(artifact.mediaType(), Require.MAX_NAME)
                    ? artifact : null;
            case Progress progress -> withinBounds(progress);
        };
    }

    private static Progress withinBounds(Progress p) {
        if (!fits(p.unit(), Require.MAX_NAME) || p.counters().size() > Require.MAX_ENTRIES
                || !p.counters().keySet().stream().allMatch(name -> fits(name, Require.MAX_NAME))) {
            return null;
        }
        return fits(p.message(), Require.MAX_TEXT) ? p : new Progress(p.fraction(), p.current(), p.total(),
                p.unit(), LogLine.capped(p.message(), Require.MAX_TEXT), p.counters());
    }

    private static boolean fits(String text, int max) {
        return text == null || text.length() <= max;
    }

    /** A protocol command, or null when it is malformed or unknown (the line is then logged as it is). */
    private static OutputSignal protocol(String name, String argument) {
        return switch (name) {
            case "stage" -> stage(argument);
            case "stage-done" -> new StageEnds(argument.isEmpty() ? null : argument);
            case "progress" -> progress(argument);
            case "counter" -> counters(argument);
            case "checkpoint" -> argument.isEmpty() ? null : new Checkpoint(argument);
            case "message" -> argument.isEmpty() ? null : new Progress(null, null, null, null, argument, Map.of());
            case "artifact" -> artifact(argument, false);
            case "preview" -> artifact(argument, true);
            default -> null;
        };
    }

    private static OutputSignal stage(String argument) {
        if (argument.isEmpty()) {
            return null;
        }
        Matcher weighted = WEIGHT.matcher(argument);
        if (weighted.matches()) {
            double weight = Double.parseDouble(weighted.group(2));
            return weight > 0 ? new StageBegins(weighted.group(1), weight) : null;
        }
        return new StageBegins(argument, null);
    }

    private static OutputSignal progress(String argument) {
        Matcher m = PERCENT.matcher(argument);
        if (m.matches()) {
            double percent = Double.parseDouble(m.group(1));
            return percent > 100 ? null : new Progress(percent / 100, null, null, null, m.group(2), Map.of());
        }
        m = UNITS.matcher(argument);
        if (m.matches()) {
            long current = Long.parseLong(m.group(1));
            long total = Long.parseLong(m.group(2));
            return new Progress(null, current, total, m.group(3), m.group(4), Map.of());
        }
        m = FRACTION.matcher(argument);
        if (m.matches()) {
            return new Progress(Double.parseDouble(m.group(1)), null, null, null, m.group(2), Map.of());
        }
        return null;
    }

    /** {@code path=out/report.html name=report type=text/html}; values may be double-quoted; path is required. */
    private static OutputSignal artifact(String argument, boolean preview) {
        Map<String, String> attributes = new HashMap<>();
        Matcher m = ATTRIBUTE.matcher(argument);
        while (m.find()) {
            attributes.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String path = attributes.get("path");
        return path == null || path.isBlank() ? null
                : new ArtifactOffered(path, attributes.get("name"), attributes.get("type"), preview);
    }

    private static OutputSignal counters(String argument) {
        Map<String, Long> counters = new HashMap<>();
        Matcher m = COUNTER.matcher(argument);
        while (m.find()) {
            counters.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return counters.isEmpty() ? null : new Progress(null, null, null, null, null, counters);
    }

    private static OutputSignal fromPattern(ProgressPattern pattern, Matcher m) {
        Double fraction = null;
        String percent = group(m, "percent");
        if (percent != null) {
            fraction = Math.min(1.0, Double.parseDouble(percent) / 100);
        } else if (group(m, "fraction") != null) {
            fraction = Math.min(1.0, Double.parseDouble(group(m, "fraction")));
        }
        String stage = group(m, "stage");
        if (stage != null) {
            return new StageBegins(stage, null);
        }
        Map<String, Long> counters = new HashMap<>();
        for (String counter : pattern.counters()) {
            String value = group(m, counter);
            if (value != null && value.matches("-?[0-9]{1,18}")) {
                counters.put(counter, Long.parseLong(value));
            }
        }
        String current = group(m, "current");
        String total = group(m, "total");
        return new Progress(fraction, current == null ? null : Long.parseLong(current),
                total == null ? null : Long.parseLong(total), group(m, "unit"), group(m, "message"), counters);
    }

    private static String group(Matcher m, String name) {
        return m.pattern().namedGroups().containsKey(name) ? m.group(name) : null;
    }
}
