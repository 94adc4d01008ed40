package io.headway.executor.producer;

import io.headway.events.ExecutorHeartbeat;
import io.headway.executor.config.ExecutorConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes this instance's heartbeat on the compacted executors topic, keyed by executor id, so the aggregator and
 * gateway know which executors are alive and how loaded they are.
 */
@ApplicationScoped
public class HeartbeatPublisher {

    /** The outgoing channel, bound to {@code headway.executors} in configuration. */
    public static final String CHANNEL = "executors";

    private final MutinyEmitter<ExecutorHeartbeat> emitter;
    private final ExecutorConfig config;
    private final String executorId;
    private final Clock clock = Clock.systemUTC();

    public HeartbeatPublisher(@Channel(CHANNEL) MutinyEmitter<ExecutorHeartbeat> emitter, ExecutorConfig config) {
        this.emitter = emitter;
        this.config = config;
        this.executorId = config.executorId();
    }

    @Scheduled(every = "${headway.executor.heartbeat-interval}", delayed = "1s")
    Uni<Void> beat() {
        var heartbeat = new ExecutorHeartbeat(executorId, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                config.capacity(), 0, 0, Map.of(), false);
        return emitter.sendMessage(KafkaRecord.of(executorId, heartbeat));
    }
}
