package io.headway.aggregator.alert;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import java.time.Duration;

/**
 * Something a rule finds wrong with a job right now. It becomes an alert once it has held for {@code raiseAfter};
 * an open alert is resolved once its condition has been gone for {@code resolveAfter} (a for-duration on both edges,
 * so a value hovering at a threshold does not flap).
 *
 * @param key     tells conditions of one job apart: the kind, or the threshold rule
 * @param message what a person reads, with the numbers as they are now
 */
record Condition(String key, String kind, AlertSeverity severity, String message, String ruleId,
        Duration raiseAfter, Duration resolveAfter) {

    static Condition of(String kind, AlertSeverity severity, String message, Duration raiseAfter,
            Duration resolveAfter) {
        return new Condition(kind, kind, severity, message, null, raiseAfter, resolveAfter);
    }

    static Condition ofRule(String ruleId, AlertSeverity severity, String message, Duration raiseAfter,
            Duration resolveAfter) {
        return new Condition(ruleKey(ruleId), Alert.THRESHOLD, severity, message, ruleId, raiseAfter, resolveAfter);
    }

    /** The key of the condition an alert was raised for. */
    static String keyOf(Alert alert) {
        return alert.ruleId() != null ? ruleKey(alert.ruleId()) : alert.kind();
    }

    private static String ruleKey(String ruleId) {
        return "rule:" + ruleId;
    }
}
