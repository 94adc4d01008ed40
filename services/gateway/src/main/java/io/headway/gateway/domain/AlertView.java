package io.headway.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An alert as the API shows it: its latest state, and when it was raised, last changed and resolved. A single alert
 * read by id also carries its {@code changes}, oldest first; lists leave them out.
 *
 * @param jobId  null for an alert about the tenant's own setup, such as a disabled webhook
 * @param ruleId the threshold rule that raised it; null for the built-in kinds
 */
public record AlertView(
        UUID alertId, String jobId, String jobType, String kind, UUID ruleId, AlertSeverity severity,
        AlertState state, String message, Instant raisedAt, Instant updatedAt, Instant resolvedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Change> changes) {

    /** One change of an alert: raised, updated or resolved, with the message it had then. */
    public record Change(AlertState state, String message, Instant at) {
    }

    public AlertView withChanges(List<Change> history) {
        return new AlertView(alertId, jobId, jobType, kind, ruleId, severity, state, message, raisedAt, updatedAt,
                resolvedAt, List.copyOf(history));
    }
}
