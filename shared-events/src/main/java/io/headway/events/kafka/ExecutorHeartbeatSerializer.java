package io.headway.events.kafka;

import io.headway.events.ExecutorHeartbeat;

/** Kafka serializer for {@link ExecutorHeartbeat} values, with CloudEvents headers. */
public final class ExecutorHeartbeatSerializer extends HeadwaySerializer<ExecutorHeartbeat> {

    public ExecutorHeartbeatSerializer() {
        super(WireType.EXECUTORS);
    }
}
