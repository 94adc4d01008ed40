package io.headway.gateway.domain;

import io.headway.events.Require;
import io.headway.events.StagePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks every job must pass before the gateway accepts it, beyond what its template checks: names that are safe
 * to search, subscribe and export by, and sizes that keep one job from filling a snapshot. Each check adds a sentence
 * a client can act on.
 */
public final class SubmissionRules {

    public static final int MAX_LABELS = 32;
    public static final int MIN_PRIORITY = -100;
    public static final int MAX_PRIORITY = 100;
    /** Stages an external job may declare. */
    public static final int MAX_STAGES = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final int MAX_LABEL_VALUE = 256;

    private SubmissionRules() {
    }

    public static void checkType(String type, String field, List<String> problems) {
        if (type == null || type.isBlank()) {
            problems.add(field + " is required");
        } else if (!TYPE.matcher(type).matches()) {
            problems.add(field + " '" + type + "' must be lower-case letters, digits and dashes");
        }
    }

    public static void checkBatchId(String batchId, String field, List<String> problems) {
        if (batchId != null && !NAME.matcher(batchId).matches()) {
            problems.add(field + " must be 1 to 128 letters, digits or _.:/- and start with a letter or digit");
        }
    }

    public static void checkPriority(Integer priority, String field, List<String> problems) {
        if (priority != null && (priority < MIN_PRIORITY || priority > MAX_PRIORITY)) {
            problems.add(field + " must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY + ", was " + priority);
        }
    }

    public static void checkLabels(Map<String, String> labels, String field, List<String> problems) {
        if (labels.size() > MAX_LABELS) {
            problems.add(field + " has " + labels.size() + " labels; at most " + MAX_LABELS + " are allowed");
        }
        labels.forEach((key, value) -> {
            if (key == null || !NAME.matcher(key).matches()) {
                problems.add(field + " key '" + key + "' must be 1 to 128 letters, digits or _.:/-");
            }
            if (value == null) {
                problems.add(field + " '" + key + "' must be a string, not null");
            } else if (value.length() > MAX_LABEL_VALUE) {
                problems.add(field + " '" + key + "' must have a value of at most " + MAX_LABEL_VALUE
                        + " characters");
            }
        });
    }

    /**
     * The first control character in a text (U+0000 to U+001F, or U+007F), or -1 when it has none. Ids, names and
     * filters never hold one, and a NUL would reach PostgreSQL, which refuses it.
     */
    public static int controlCharacterIn(String text) {
        return text.chars().filter(c -> c < 0x20 || c == 0x7f).findFirst().orElse(-1);
    }

    /**
     * Every parameter value is a string, within what an event carries ({@link Require}); the job type's own rules
     * check the rest.
     */
    public static void checkParameters(Map<String, String> parameters, String field, List<String> problems) {
        if (parameters.size() > Require.MAX_ENTRIES) {
            problems.add(field + " has " + parameters.size() + " parameters; at most " + Require.MAX_ENTRIES
                    + " are allowed");
        }
        parameters.forEach((name, value) -> {
            if (name.length() > Require.MAX_NAME) {
                problems.add(field + " name '" + name.substring(0, 32) + "…' must be at most " + Require.MAX_NAME
                        + " characters");
            } else if (value == null) {
                problems.add(field + " '" + name + "' must be a string, not null");
            } else if (value.length() > Require.MAX_VALUE) {
                problems.add(field + " '" + name + "' must have a value of at most " + Require.MAX_VALUE
                        + " characters");
            }
        });
    }

    /** An external job's stage plan: at most {@value #MAX_STAGES} stages, none of them null. */
    public static void checkStages(List<StagePlan> stages, String field, List<String> problems) {
        if (stages.size() > MAX_STAGES) {
            problems.add(field + " has " + stages.size() + " stages; at most " + MAX_STAGES + " are allowed");
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) == null) {
                problems.add(field + "[" + i + "] must be a stage with a name and a weight, not null");
            }
        }
    }

    /** Problems of a job's own fields, each prefixed with where it is (e.g. {@code jobs[3].}). */
    public static List<String> check(String prefix, String type, Integer priority, String batchId,
            Map<String, String> labels) {
        List<String> problems = new ArrayList<>();
        checkType(type, prefix + "type", problems);
        checkPriority(priority, prefix + "priority", problems);
        checkBatchId(batchId, prefix + "batchId", problems);
        checkLabels(labels, prefix + "labels", problems);
        return problems;
    }
}
