package io.headway.gateway.domain;

import io.headway.events.AlertSeverity;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads a severity a client wrote; a wrong one is a problem naming the field, so it can join the others in a 422. */
public final class Severities {

    private Severities() {
    }

    /** The severity, {@code fallback} when absent, or null with a problem added when it is none. */
    public static AlertSeverity parse(String text, String field, AlertSeverity fallback, List<String> problems) {
        if (text == null) {
            return fallback;
        }
        try {
            return AlertSeverity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(field + " must be one of " + Arrays.toString(AlertSeverity.values()) + ", was '" + text
                    + "'");
            return null;
        }
    }
}
