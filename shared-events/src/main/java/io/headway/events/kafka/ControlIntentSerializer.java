package io.headway.events.kafka;

import io.headway.events.ControlIntent;

/** Kafka serializer for {@link ControlIntent} values, with CloudEvents headers. */
public final class ControlIntentSerializer extends HeadwaySerializer<ControlIntent> {

    public ControlIntentSerializer() {
        super(WireType.JOB_CONTROL);
    }
}
