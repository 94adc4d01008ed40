package io.headway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Something about a job that needs attention (for example, it stopped reporting progress), raised and later resolved
 * by the aggregator on {@code headway.alerts}.
 *
 * @param kind what was detected, e.g. {@code STALLED}
 */
public record Alert(
        UUID alertId, String jobId, String tenant, String kind, AlertSeverity severity, AlertState state,
        String message, Instant at) {

    public Alert {
        Require.present(alertId, "alertId");
        Require.text(jobId, "jobId");
        Require.text(tenant, "tenant");
        Require.text(kind, "kind");
        Require.present(severity, "severity");
        Require.present(state, "state");
        Require.present(at, "at");
    }
}
