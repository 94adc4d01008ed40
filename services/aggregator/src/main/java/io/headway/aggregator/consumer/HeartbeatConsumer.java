package io.headway.aggregator.consumer;

import io.headway.aggregator.alert.JobMonitor;
import io.headway.aggregator.store.LiveStateWriter;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.codec.Codec;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.kafka.WireType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads executor heartbeats and keeps each executor's latest one in Redis for as long as it keeps beating; the alert
 * monitor learns from them which executors went silent. A record that cannot be read is nacked and goes to
 * {@code headway.executors.dlq}.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    /** The incoming channel, bound to {@code headway.executors} in configuration. */
    public static final String CHANNEL = "executors";

    private final Codec<ExecutorHeartbeat> codec = WireType.EXECUTORS.codec();
    private final LiveStateWriter live;
    private final JobMonitor monitor;

    public HeartbeatConsumer(LiveStateWriter live, JobMonitor monitor) {
        this.live = live;
        this.monitor = monitor;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        if (record.getPayload() == null) {
            return Uni.createFrom().completionStage(record.ack()); // a tombstone: the executor is gone
        }
        ExecutorHeartbeat heartbeat;
        try {
            heartbeat = codec.decode(record.getPayload());
        } catch (EventDecodingException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        monitor.heartbeat(heartbeat);
        return live.writeHeartbeat(heartbeat)
                .onItemOrFailure().transformToUni((ok, failure) -> Uni.createFrom().completionStage(
                        failure == null ? record.ack() : record.nack(failure)));
    }
}
