package io.headway.events.kafka;

import io.headway.events.ExecutorHeartbeat;

/** Kafka deserializer for {@link ExecutorHeartbeat} values. */
public final class ExecutorHeartbeatDeserializer extends HeadwayDeserializer<ExecutorHeartbeat> {

    public ExecutorHeartbeatDeserializer() {
        super(WireType.EXECUTORS);
    }
}
