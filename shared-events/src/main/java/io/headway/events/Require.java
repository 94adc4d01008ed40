package io.headway.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The checks every wire record makes in its constructor, so that an invalid event cannot exist in memory: the codec
 * rejects it while decoding (and the record goes to a dead-letter topic) instead of a reader tripping over it later.
 *
 * <p>Every text and collection on the wire is bounded, so a job's snapshot is too (see {@link JobBounds}): a name
 * (job id, stage, counter, unit, label or parameter name, source, executor) holds at most {@value #MAX_NAME}
 * characters, a text for people (message, reason, error, checkpoint) {@value #MAX_TEXT}, a label or parameter value
 * {@value #MAX_VALUE}; a map holds at most {@value #MAX_ENTRIES} entries and a stage plan {@value #MAX_STAGES}
 * stages.
 */
public final class Require {

    public static final int MAX_NAME = 128;
    public static final int MAX_TEXT = 4096;
    public static final int MAX_VALUE = 1024;
    public static final int MAX_ENTRIES = 64;
    public static final int MAX_STAGES = 100;

    private Require() {
    }

    /** The envelope every {@link ProgressEvent} carries. */
    public static void envelope(UUID eventId, String jobId, Instant occurredAt, String source) {
        present(eventId, "eventId");
        name(jobId, "jobId");
        present(occurredAt, "occurredAt");
        name(source, "source");
    }

    public static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required and must not be blank");
        }
        return longest(value, MAX_TEXT, name);
    }

    /** A required name of at most {@value #MAX_NAME} characters. */
    public static String name(String value, String name) {
        text(value, name);
        return longest(value, MAX_NAME, name);
    }

    /** An optional name of at most {@value #MAX_NAME} characters. */
    public static String optionalName(String value, String name) {
        return value == null ? null : longest(value, MAX_NAME, name);
    }

    /** An optional text for people of at most {@value #MAX_TEXT} characters. */
    public static String optionalText(String value, String name) {
        return value == null ? null : longest(value, MAX_TEXT, name);
    }

    private static String longest(String value, int max, String name) {
        if (value.length() > max) {
            throw new IllegalArgumentException(name + " holds " + value.length() + " characters; at most " + max
                    + " are allowed");
        }
        return value;
    }

    /**
     * An immutable copy of labels or parameters: at most {@value #MAX_ENTRIES} entries, names of at most
     * {@value #MAX_NAME} characters, values of at most {@value #MAX_VALUE}; absent means empty.
     */
    public static Map<String, String> strings(Map<String, String> value, String name) {
        Map<String, String> copy = map(value);
        entries(copy, name);
        copy.forEach((key, text) -> longest(text, MAX_VALUE, name + " '" + key + "'"));
        return copy;
    }

    /** An immutable copy of counters: at most {@value #MAX_ENTRIES}, named in at most {@value #MAX_NAME}. */
    public static Map<String, Long> counters(Map<String, Long> value) {
        Map<String, Long> copy = map(value);
        entries(copy, "counters");
        return copy;
    }

    private static void entries(Map<String, ?> map, String name) {
        if (map.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(name + " holds " + map.size() + " entries; at most " + MAX_ENTRIES
                    + " are allowed");
        }
        map.keySet().forEach(key -> longest(key, MAX_NAME, name + " name"));
    }

    /** An immutable copy of a stage plan of at most {@value #MAX_STAGES} stages; absent means empty. */
    public static List<StagePlan> stages(List<StagePlan> value) {
        List<StagePlan> copy = list(value);
        if (copy.size() > MAX_STAGES) {
            throw new IllegalArgumentException("stages holds " + copy.size() + " stages; at most " + MAX_STAGES
                    + " are allowed");
        }
        return copy;
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
