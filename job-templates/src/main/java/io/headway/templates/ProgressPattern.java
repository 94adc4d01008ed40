package io.headway.templates;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A regular expression that recognises progress in the output of a tool that does not speak the line protocol. Its
 * named groups say what it found: {@code percent} (0-100) or {@code fraction} (0-1); {@code current} and
 * {@code total} units, with {@code unit}; {@code stage}; {@code message}; any other named group is a counter, e.g.
 * {@code (?<testsRun>\d+)}.
 */
public record ProgressPattern(Pattern regex, Set<String> counters) {

    static final Set<String> KNOWN_GROUPS = Set.of("percent", "fraction", "current", "total", "unit", "stage",
            "message");

    public static ProgressPattern of(String regex) {
        Pattern pattern = Pattern.compile(regex);
        Set<String> counters = pattern.namedGroups().keySet().stream()
                .filter(group -> !KNOWN_GROUPS.contains(group))
                .collect(Collectors.toUnmodifiableSet());
        return new ProgressPattern(pattern, counters);
    }
}
