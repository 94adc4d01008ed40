package io.headway.gateway.domain;

import io.headway.events.AlertSeverity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A threshold rule as a tenant writes it: alert when a job's metric compares to a threshold for long enough.
 *
 * @param jobType    only jobs of this type; absent for every type
 * @param metric     a counter's name, or one of {@link #BUILT_IN_METRICS}
 * @param comparison one of {@link #COMPARISONS}
 * @param forSeconds how long the condition must hold before the alert is raised; 0 (the default) at once
 * @param severity   INFO, WARNING (the default) or CRITICAL
 */
@Schema(description = "A threshold rule: alert when a job's metric compares to a threshold for long enough")
public record AlertRuleDefinition(
        @Schema(required = true, examples = "too many issues") String name, String jobType,
        @Schema(required = true, examples = "issuesFound") String metric,
        @Schema(required = true, examples = ">") String comparison,
        @Schema(required = true, examples = "0") Double threshold, Double forSeconds, String severity) {

    public static final Set<String> BUILT_IN_METRICS = Set.of("progress", "unitsPerSecond", "cpuPercent",
            "rssBytes", "elapsedSeconds");
    public static final List<String> COMPARISONS = List.of(">", ">=", "<", "<=", "==", "!=");
    private static final Pattern COUNTER = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_NAME = 128;

    /** The rule as stored, or a 422 naming every field that is wrong and why. */
    public Checked checked() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            problems.add("name is required, at most " + MAX_NAME + " characters");
        }
        if (jobType != null) {
            SubmissionRules.checkType(jobType, "jobType", problems);
        }
        if (metric == null || !(BUILT_IN_METRICS.contains(metric) || COUNTER.matcher(metric).matches())) {
            problems.add("metric must be a counter's name (a letter, then up to 63 letters, digits or _.-) or one "
                    + "of " + BUILT_IN_METRICS.stream().sorted().toList() + ", was " + quoted(metric));
        }
        if (!COMPARISONS.contains(comparison)) {
            problems.add("comparison must be one of " + COMPARISONS + ", was " + quoted(comparison));
        }
        if (threshold == null || !Double.isFinite(threshold)) {
            problems.add("threshold is required, a finite number");
        }
        if (forSeconds != null && !(forSeconds >= 0 && Double.isFinite(forSeconds))) {
            problems.add("forSeconds must be 0 or more, was " + forSeconds);
        }
        AlertSeverity level = Severities.parse(severity, "severity", AlertSeverity.WARNING, problems);
        if (!problems.isEmpty()) {
            throw RequestError.unacceptable("the alert rule is not acceptable", problems);
        }
        return new Checked(name, jobType, metric, comparison, threshold,
                forSeconds == null ? 0 : Math.round(forSeconds * 1000), level);
    }

    /** A rule that passed its checks, with its defaults filled in. */
    public record Checked(
            String name, String jobType, String metric, String comparison, double threshold, long forMs,
            AlertSeverity severity) {
    }

    static String quoted(String text) {
        return text == null ? "nothing" : "'" + text + "'";
    }
}
