package io.headway.events.kafka;

import io.headway.events.LogBatch;

/** Kafka deserializer for {@link LogBatch} values. */
public final class LogBatchDeserializer extends HeadwayDeserializer<LogBatch> {

    public LogBatchDeserializer() {
        super(WireType.LOGS);
    }
}
