package io.headway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertLineTest {

    private static final Instant RAISED = Instant.parse("2026-12-01T09:00:00Z");
    private static final Alert STALLED = new Alert(UUID.randomUUID(), "job-123", "acme", Alert.STALLED,
            AlertSeverity.WARNING, AlertState.RAISED, "no progress for 2m 10s", null, RAISED, RAISED);

    @Test
    void aRaisedAlertSaysWhatWhoAndWhy() {
        assertThat(AlertLine.render(STALLED)).isEqualTo("! STALLED (WARNING) job-123: no progress for 2m 10s");
    }

    @Test
    void anUpdateSaysSo() {
        Alert later = STALLED.next(AlertState.UPDATED, "no progress for 5m", RAISED.plusSeconds(300));
        assertThat(AlertLine.render(later)).isEqualTo("! STALLED (WARNING) job-123 (updated): no progress for 5m");
    }

    @Test
    void aResolutionSaysHowLongItLasted() {
        Alert resolved = STALLED.next(AlertState.RESOLVED, null, RAISED.plusSeconds(185));
        assertThat(AlertLine.render(resolved)).isEqualTo("✓ resolved STALLED job-123 after 3m05s");
        assertThat(AlertLine.render(STALLED.next(AlertState.RESOLVED, "progressing again", RAISED.plusSeconds(5))))
                .isEqualTo("✓ resolved STALLED job-123 after 5s: progressing again");
    }

    @Test
    void anAlertAboutTheTenantNamesIt() {
        Alert webhook = new Alert(UUID.randomUUID(), null, "acme", Alert.WEBHOOK_DISABLED, AlertSeverity.CRITICAL,
                AlertState.RAISED, "https://hooks.example failed 10 times", null, RAISED, RAISED);
        assertThat(AlertLine.render(webhook))
                .isEqualTo("! WEBHOOK_DISABLED (CRITICAL) tenant acme: https://hooks.example failed 10 times");
    }

    @Test
    void controlCharactersInTheMessageNeverReachTheTerminal() {
        Alert sneaky = STALLED.next(AlertState.UPDATED, "stuck\033[2J\r\nat 50%\u0007", RAISED);
        assertThat(AlertLine.render(sneaky)).isEqualTo("! STALLED (WARNING) job-123 (updated): stuck [2J at 50%")
                .doesNotContain("\033");
    }
}
