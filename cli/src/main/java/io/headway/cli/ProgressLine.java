package io.headway.cli;

import io.headway.events.state.JobState;
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

    static String render(JobState state, Instant now, int width, boolean unicode) {
        boolean ended = state.status().isTerminal();
        StringBuilder tail = new StringBuilder();
        tail.append(String.format(Locale.ROOT, " %3d%% ", (int) Math.floor(state.progress() * 100)));
        tail.append(String.format(Locale.ROOT, "%-9s", state.status()));
        appendIf(tail, state.currentStage());
        JobState.Units units = state.units();
        if (units != null) {
            tail.append(' ').append(units.current());
            if (units.total() != null) {
                tail.append('/').append(units.total());
            }
            appendIf(tail, units.unit());
            if (units.perSecond() != null && !ended) {
                tail.append(String.format(Locale.ROOT, " %.1f/s", units.perSecond()));
            }
        }
        JobState.Eta eta = state.eta();
        if (eta != null && !ended) {
            tail.append(" ETA ").append(duration(eta.remainingMs())).append(" (").append(duration(eta.lowMs()))
                    .append('–').append(duration(eta.highMs())).append(')');
        }
        if (state.startedAt() != null) {
            Instant end = state.finishedAt() != null ? state.finishedAt() : now;
            tail.append(' ').append(duration(Duration.between(state.startedAt(), end).toMillis()));
        }
        String id = state.jobId();
        String head = String.format(Locale.ROOT, "%-8s %-10s ", id.length() > 8 ? id.substring(0, 8) : id,
                clip(state.jobType() == null ? "" : state.jobType(), 10));
        int barWidth = Math.max(10, Math.min(30, width - head.length() - tail.length() - 2));
        String line = head + bar(state.progress(), barWidth, unicode) + tail;
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
        if (text != null && !text.isBlank()) {
            out.append(' ').append(text);
        }
    }

    static String clip(String text, int width) {
        return text.length() > width ? text.substring(0, width) : text;
    }
}
