package io.headway.templates;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A parameter a job template declares. A submitted value must be of the type, match the pattern and be one of the
 * allowed values when those are given; it then becomes exactly one argument of the command, whatever it contains.
 *
 * @param required  whether a submission must give it (a default makes that moot)
 * @param maxLength the longest value accepted, in characters
 */
public record ParameterSpec(
        String name, ParameterType type, String pattern, List<String> allowed, boolean required,
        String defaultValue, int maxLength, String description) {

    static final int DEFAULT_MAX_LENGTH = 1024;

    public ParameterSpec {
        type = type == null ? ParameterType.STRING : type;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        maxLength = maxLength <= 0 ? DEFAULT_MAX_LENGTH : maxLength;
    }

    /** Why {@code value} is not acceptable, or null when it is. */
    String problemWith(String value) {
        if (value.length() > maxLength) {
            return "is longer than " + maxLength + " characters";
        }
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        String typeProblem = type.problemWith(value);
        if (typeProblem != null) {
            return typeProblem;
        }
        if (!allowed.isEmpty() && !allowed.contains(value)) {
            return "must be one of " + allowed;
        }
        if (pattern != null && !Pattern.compile(pattern).matcher(value).matches()) {
            return "must match " + pattern;
        }
        return null;
    }
}
