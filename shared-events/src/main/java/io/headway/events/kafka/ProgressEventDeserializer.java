package io.headway.events.kafka;

import io.headway.events.ProgressEvent;

/** Kafka deserializer for {@link ProgressEvent} values. */
public final class ProgressEventDeserializer extends HeadwayDeserializer<ProgressEvent> {

    public ProgressEventDeserializer() {
        super(WireType.PROGRESS);
    }
}
