package io.headway.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The checks every wire record makes in its constructor, so that an invalid event cannot exist in memory: the codec
 * rejects it while decoding (and the record goes to a dead-letter topic) instead of a reader tripping over it later.
 */
public final class Require {

    private Require() {
    }

    /** The envelope every {@link ProgressEvent} carries. */
    public static void envelope(UUID eventId, String jobId, Instant occurredAt, String source) {
        present(eventId, "eventId");
        text(jobId, "jobId");
        present(occurredAt, "occurredAt");
        text(source, "source");
    }

    public static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required and must not be blank");
        }
        return value;
    }

    public static <T> T present(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    public static Double fraction(Double value, String name) {
        if (value != null && !(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + value);
        }
        return value;
    }

    public static long notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    /** A stage's relative weight: a positive, finite number. */
    public static double weight(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("stage weight must be positive, was " + value);
        }
        return value;
    }

    public static int attempt(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + value);
        }
        return value;
    }

    /** An immutable copy; absent means empty. */
    public static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    /** An immutable copy; absent means empty. */
    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}
