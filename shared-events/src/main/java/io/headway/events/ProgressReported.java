package io.headway.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * How far a job (or one of its stages) has come. Any part may be absent; when {@code fraction} is absent it is
 * {@code current / total}.
 *
 * @param stage    the stage this is about; absent means the current stage, or the whole job when it has none
 * @param fraction 0 to 1
 * @param current  units done so far, e.g. 1200 files
 * @param total    units in all, e.g. 5000 files
 * @param unit     what a unit is, e.g. {@code files}
 * @param message  a line for people, e.g. "scanning src/main"
 * @param counters running totals by name, e.g. filesProcessed=1200, issuesFound=3; each value replaces the last
 */
public record ProgressReported(
        UUID eventId, String jobId, Instant occurredAt, String source,
        String stage, Double fraction, Long current, Long total, String unit, String message,
        Map<String, Long> counters) implements ProgressEvent {

    public ProgressReported {
        Require.envelope(eventId, jobId, occurredAt, source);
        Require.fraction(fraction, "fraction");
        if (current != null) {
            Require.notNegative(current, "current");
        }
        if (total != null) {
            Require.notNegative(total, "total");
        }
        Require.optionalName(stage, "stage");
        Require.optionalName(unit, "unit");
        Require.optionalText(message, "message");
        counters = Require.counters(counters);
    }

    /** The fraction given, or the one the units imply, or null when neither says. */
    public Double effectiveFraction() {
        if (fraction != null) {
            return fraction;
        }
        if (current != null && total != null && total > 0) {
            return Math.min(1.0, (double) current / total);
        }
        return null;
    }
}
