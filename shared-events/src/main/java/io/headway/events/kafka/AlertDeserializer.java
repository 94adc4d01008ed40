package io.headway.events.kafka;

import io.headway.events.Alert;

/** Kafka deserializer for {@link Alert} values. */
public final class AlertDeserializer extends HeadwayDeserializer<Alert> {

    public AlertDeserializer() {
        super(WireType.ALERTS);
    }
}
