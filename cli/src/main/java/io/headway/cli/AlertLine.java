package io.headway.cli;

import io.headway.events.Alert;
import io.headway.events.AlertState;
import java.time.Duration;

/**
 * An alert as the line {@code headway watch} prints when it is raised, updated or resolved, above the live bars:
 * {@code ! STALLED (WARNING) job-123: no progress for 2m 10s}, then {@code ✓ resolved STALLED job-123 after 3m05s}.
 * Pure: the same alert always gives the same line. The message is the aggregator's text about a job whose output
 * anyone may write, so control characters in it never reach the terminal.
 */
final class AlertLine {

    private AlertLine() {
    }

    static String render(Alert alert) {
        String subject = alert.jobId() != null ? alert.jobId() : "tenant " + alert.tenant();
        String message = alert.message() == null ? "" : alert.message().replaceAll("\\p{Cntrl}+", " ").strip();
        String why = message.isEmpty() ? "" : ": " + message;
        if (alert.state() == AlertState.RESOLVED) {
            String lasted = ProgressLine.duration(Duration.between(alert.raisedAt(), alert.at()).toMillis());
            return "✓ resolved " + alert.kind() + " " + subject + " after " + lasted + why;
        }
        String updated = alert.state() == AlertState.UPDATED ? " (updated)" : "";
        return "! " + alert.kind() + " (" + alert.severity() + ") " + subject + updated + why;
    }
}
