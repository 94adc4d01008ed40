package io.headway.aggregator.alert;

import java.time.Duration;
import java.util.Locale;

/** Durations and numbers as alert messages show them: {@code 2m 10s}, {@code 0.25}, {@code 12}. */
final class Durations {

    private Durations() {
    }

    static String words(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 10) {
            long tenths = Math.max(0, Math.round(duration.toMillis() / 100.0));
            return tenths % 10 == 0 ? tenths / 10 + "s" : String.format(Locale.ROOT, "%.1fs", tenths / 10.0);
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
