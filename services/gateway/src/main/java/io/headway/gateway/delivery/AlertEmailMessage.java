package io.headway.gateway.delivery;

import io.headway.events.Alert;
import io.headway.events.AlertState;

/**
 * An alert as an email a person reads on a phone: the severity, kind and job in the subject, so a mail filter can
 * sort them; what happened, when, and a link to the job's page in the body.
 */
public record AlertEmailMessage(String subject, String body) {

    public static AlertEmailMessage of(Alert alert, String dashboardUrl) {
        String about = alert.jobId() != null ? "job " + alert.jobId() : "tenant " + alert.tenant();
        String subject = "[" + alert.severity() + "] " + alert.kind() + ": " + about
                + (alert.state() == AlertState.RESOLVED ? " (resolved)" : "");
        StringBuilder body = new StringBuilder()
                .append(alert.kind()).append(' ').append(alert.state().name().toLowerCase(java.util.Locale.ROOT)).append(": ")
                .append(about).append("\n\n")
                .append(alert.message() == null ? "" : alert.message() + "\n\n")
                .append("Severity: ").append(alert.severity()).append('\n')
                .append("Raised:   ").append(alert.raisedAt()).append('\n');
        if (alert.state() == AlertState.RESOLVED) {
            body.append("Resolved: ").append(alert.at()).append('\n');
        }
        body.append("Alert:    ").append(alert.alertId()).append('\n');
        if (alert.jobId() != null) {
            body.append("\nThe job: ").append(trimmed(dashboardUrl)).append("/#/jobs/").append(alert.jobId())
                    .append('\n');
        }
        return new AlertEmailMessage(subject, body.toString());
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
