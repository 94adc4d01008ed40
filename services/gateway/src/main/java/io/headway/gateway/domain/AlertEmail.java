package io.headway.gateway.domain;

import io.headway.events.AlertSeverity;
import java.time.Instant;
import java.util.UUID;

/** An address a tenant's alerts are emailed to. */
public record AlertEmail(UUID emailId, String address, AlertSeverity minSeverity, Instant createdAt) {
}
