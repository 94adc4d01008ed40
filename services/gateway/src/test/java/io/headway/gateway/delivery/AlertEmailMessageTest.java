package io.headway.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an alert email says. */
class AlertEmailMessageTest {

    private final Instant raised = Instant.parse("2026-12-01T01:00:00Z");
    private final Alert stalled = new Alert(UUID.randomUUID(), "job-7", "acme", Alert.STALLED, AlertSeverity.WARNING,
            AlertState.RAISED, "no progress for 5 minutes", null, raised, raised);

    @Test
    void saysWhatWhichJobWhenAndLinksToTheJob() {
        AlertEmailMessage email = AlertEmailMessage.of(stalled, "https://headway.example.com/");
        assertThat(email.subject()).isEqualTo("[WARNING] STALLED: job job-7");
        assertThat(email.body()).contains("STALLED raised: job job-7", "no progress for 5 minutes",
                "Raised:   2026-12-01T01:00:00Z", "https://headway.example.com/#/jobs/job-7",
                stalled.alertId().toString());
    }

    @Test
    void aResolutionSaysSoAndWhen() {
        Alert resolved = stalled.next(AlertState.RESOLVED, "moving again", raised.plusSeconds(60));
        AlertEmailMessage email = AlertEmailMessage.of(resolved, "http://localhost:8080");
        assertThat(email.subject()).isEqualTo("[WARNING] STALLED: job job-7 (resolved)");
        assertThat(email.body()).contains("Resolved: 2026-12-01T01:01:00Z", "moving again");
    }

    @Test
    void anAlertAboutTheTenantNamesItAndLinksNowhere() {
        Alert disabled = new Alert(UUID.randomUUID(), null, "acme", Alert.WEBHOOK_DISABLED, AlertSeverity.WARNING,
                AlertState.RAISED, "The webhook https://example.com/hook was disabled", null, raised, raised);
        AlertEmailMessage email = AlertEmailMessage.of(disabled, "http://localhost:8080");
        assertThat(email.subject()).isEqualTo("[WARNING] WEBHOOK_DISABLED: tenant acme");
        assertThat(email.body()).doesNotContain("#/jobs/");
    }
}
