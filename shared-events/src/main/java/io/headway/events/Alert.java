package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that needs attention, on {@code headway.alerts}: a job stalled, running slower than jobs like it, failed,
 * or beyond a threshold its tenant set; or the tenant's own setup failing (a webhook disabled). One alert has one id
 * from the moment it is raised, through its updates, to its resolution.
 *
 * @param jobId    the job it is about; null for an alert about the tenant's setup
 * @param kind     what was detected, e.g. {@code STALLED} ({@link #STALLED} and the other constants); readers accept
 *                 kinds they do not know
 * @param ruleId   the threshold rule that raised it; null for the built-in kinds
 * @param raisedAt when it was raised
 * @param at       when this change happened
 */
public record Alert(
        UUID alertId, String jobId, String tenant, String kind, AlertSeverity severity, AlertState state,
        String message, String ruleId, Instant raisedAt, Instant at) {

    public static final String STALLED = "STALLED";
    public static final String SLOWER_THAN_USUAL = "SLOWER_THAN_USUAL";
    public static final String FAILED = "FAILED";
    public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String THRESHOLD = "THRESHOLD";
    public static final String WEBHOOK_DISABLED = "WEBHOOK_DISABLED";

    public Alert {
        Require.present(alertId, "alertId");
        Require.text(tenant, "tenant");
        Require.text(kind, "kind");
        Require.present(severity, "severity");
        Require.present(state, "state");
        Require.present(raisedAt, "raisedAt");
        Require.present(at, "at");
    }

    /** The key it goes on Kafka with: its job, or its tenant when it is about no job. */
    public String key() {
        return jobId != null ? jobId : tenant;
    }

    /** The same alert in a later state. */
    public Alert next(AlertState newState, String newMessage, Instant when) {
        return new Alert(alertId, jobId, tenant, kind, severity, newState, newMessage, ruleId, raisedAt, when);
    }
}
