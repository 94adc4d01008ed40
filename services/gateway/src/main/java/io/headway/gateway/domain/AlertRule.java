package io.headway.gateway.domain;

import io.headway.events.AlertSeverity;
import java.time.Instant;
import java.util.UUID;

/** A tenant's threshold rule as stored; {@code forSeconds} is what the client wrote, kept to the millisecond. */
public record AlertRule(
        UUID ruleId, String name, String jobType, String metric, String comparison, double threshold,
        double forSeconds, AlertSeverity severity, Instant createdAt) {
}
