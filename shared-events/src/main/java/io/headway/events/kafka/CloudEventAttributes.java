package io.headway.events.kafka;

import java.time.Instant;

/**
 * The CloudEvents context attributes of one record, written as binary-mode Kafka headers ({@code ce_*}).
 *
 * @param subject the job id (the executor id for heartbeats)
 */
public record CloudEventAttributes(String id, String source, String type, Instant time, String subject) {
}
