package io.headway.events.kafka;

import io.headway.events.LogBatch;

/** Kafka serializer for {@link LogBatch} values, with CloudEvents headers. */
public final class LogBatchSerializer extends HeadwaySerializer<LogBatch> {

    public LogBatchSerializer() {
        super(WireType.LOGS);
    }
}
