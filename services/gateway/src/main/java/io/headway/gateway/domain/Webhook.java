package io.headway.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.headway.events.AlertSeverity;
import java.time.Instant;
import java.util.UUID;

/**
 * A webhook as the API shows it, never with its secret ({@link CreatedWebhook} is the one exception).
 *
 * @param consecutiveFailures failed attempts since the last delivered one; at the configured limit it is disabled
 * @param disabledReason      why it was disabled, while it is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Webhook(
        UUID webhookId, String url, AlertSeverity minSeverity, boolean enabled, int consecutiveFailures,
        String disabledReason, Instant createdAt) {
}
