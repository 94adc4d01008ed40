package io.headway.events.kafka;

import io.headway.events.Alert;

/** Kafka serializer for {@link Alert} values, with CloudEvents headers. */
public final class AlertSerializer extends HeadwaySerializer<Alert> {

    public AlertSerializer() {
        super(WireType.ALERTS);
    }
}
