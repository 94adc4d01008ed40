package io.headway.events.kafka;

import io.headway.events.ControlIntent;

/** Kafka deserializer for {@link ControlIntent} values. */
public final class ControlIntentDeserializer extends HeadwayDeserializer<ControlIntent> {

    public ControlIntentDeserializer() {
        super(WireType.JOB_CONTROL);
    }
}
