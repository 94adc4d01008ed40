package io.headway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One job as a line of the terminal: a bar, percent, stage, units and rate, ETA with its range, elapsed time. Pure:
 * the same state, time and width always give the same line.
 */
final class ProgressLine {

    private ProgressLine() {
    }

    static String render(JsonNode state, Instant now, int width, boolean unicode) {
        String status = state.path("status").asText();
        double progress = state.path("progress").asDouble();
        StringBuilder tail = new StringBuilder();
        tail.append(String.format(Locale.ROOT, " %3d%% ", (int) Math.floor(progress * 100)));
        tail.append(String.format(Locale.ROOT, "%-9s", status));
        appendIf(tail, state.path("currentStage").asText(""));
        JsonNode units = state.path("units");
        if (!units.isMissingNode() && !units.isNull()) {
            tail.append(' ').append(units.path("current").asLong());
            if (units.hasNonNull("total")) {
                tail.append('/').append(units.path("total").asLong());
            }
            appendIf(tail, units.path("unit").asText(""));
            if (units.hasNonNull("perSecond") && !terminal(status)) {
                tail.append(String.format(Locale.ROOT, " %.1f/s", units.path("perSecond").asDouble()));
            }
        }
        JsonNode eta = state.path("eta");
        if (eta.hasNonNull("remainingMs") && !terminal(status)) {
            tail.append(" ETA ").append(duration(eta.path("remainingMs").asLong())).append(" (")
                    .append(duration(eta.path("lowMs").asLong())).append('–')
                    .append(duration(eta.path("highMs").asLong())).append(')');
        }
        String started = state.path("startedAt").asText(null);
        if (started != null) {
            String finished = state.path("finishedAt").asText(null);
            Instant end = finished != null ? Instant.parse(finished) : now;
            tail.append(' ').append(duration(Duration.between(Instant.parse(started), end).toMillis()));
        }
        String id = state.path("jobId").asText();
        String head = String.format(Locale.ROOT, "%-8s %-10s ", id.length() > 8 ? id.substring(0, 8) : id,
                clip(state.path("jobType").asText(""), 10));
        int barWidth = Math.max(10, Math.min(30, width - head.length() - tail.length() - 2));
        String line = head + bar(progress, barWidth, unicode) + tail;
        return line.length() > width ? line.substring(0, Math.max(0, width)) : line;
    }

    static boolean terminal(String status) {
        return switch (status) {
            case "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT" -> true;
            default -> false;
        };
    }

    static String bar(double progress, int width, boolean unicode) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, progress)) * width);
        String full = unicode ? "█" : "#";
        String empty = unicode ? "░" : "-";
        return "[" + full.repeat(filled) + empty.repeat(width - filled) + "]";
    }

    static String duration(long ms) {
        long s = Math.max(0, Math.round(ms / 1000.0));
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return String.format(Locale.ROOT, "%dm%02ds", m, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", m / 60, m % 60);
    }

    private static void appendIf(StringBuilder out, String text) {
        if (!text.isBlank()) {
            out.append(' ').append(text);
        }
    }

    private static String clip(String text, int width) {
        return text.length() > width ? text.substring(0, width) : text;
    }
}
