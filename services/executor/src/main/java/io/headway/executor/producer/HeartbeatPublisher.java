package io.headway.executor.producer;

import io.headway.events.ExecutorHeartbeat;
import io.headway.executor.supervisor.JobSupervisor;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes this instance's heartbeat on the compacted executors topic, keyed by executor id: its capacity, running
 * and waiting jobs, so the aggregator and gateway know which executors are alive and how loaded they are.
 */
@ApplicationScoped
public class HeartbeatPublisher {

    /** The outgoing channel, bound to {@code headway.executors} in configuration. */
    public static final String CHANNEL = "executors";

    private final MutinyEmitter<ExecutorHeartbeat> emitter;
    private final JobSupervisor supervisor;

    public HeartbeatPublisher(@Channel(CHANNEL) MutinyEmitter<ExecutorHeartbeat> emitter, JobSupervisor supervisor) {
        this.emitter = emitter;
        this.supervisor = supervisor;
    }

    @Scheduled(every = "${headway.executor.heartbeat-interval}", delayed = "${headway.executor.heartbeat-interval}")
    Uni<Void> beat() {
        ExecutorHeartbeat heartbeat = supervisor.heartbeat();
        return emitter.sendMessage(KafkaRecord.of(heartbeat.executorId(), heartbeat));
    }
}
