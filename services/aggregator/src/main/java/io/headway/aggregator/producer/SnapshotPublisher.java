package io.headway.aggregator.producer;

import io.headway.events.JobSnapshot;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes snapshots to the compacted job-state topic, keyed by job id; completes once Kafka has them all. */
@ApplicationScoped
public class SnapshotPublisher {

    /** The outgoing channel, bound to {@code headway.job-state} in configuration. */
    public static final String CHANNEL = "job-state";

    private final MutinyEmitter<JobSnapshot> emitter;

    public SnapshotPublisher(@Channel(CHANNEL) MutinyEmitter<JobSnapshot> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(Collection<JobSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(snapshots.stream()
                        .map(snapshot -> emitter.sendMessage(KafkaRecord.of(snapshot.jobId(), snapshot)))
                        .toList())
                .andFailFast().replaceWithVoid();
    }
}
