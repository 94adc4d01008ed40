package io.headway.events.kafka;

import io.headway.events.ProgressEvent;

/** Kafka serializer for {@link ProgressEvent} values, with CloudEvents headers. */
public final class ProgressEventSerializer extends HeadwaySerializer<ProgressEvent> {

    public ProgressEventSerializer() {
        super(WireType.PROGRESS);
    }
}
