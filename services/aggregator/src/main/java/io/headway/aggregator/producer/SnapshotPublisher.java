package io.headway.aggregator.producer;

import io.headway.events.JobSnapshot;
import io.headway.events.state.JobState;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes job snapshots to the compacted job-state topic, keyed by job id, the moment a batch is folded: no timer
 * holds them back. Coalescing happens where it pays: a batch carries one snapshot per job (its latest), and the
 * gateway coalesces for clients that read slower than jobs change.
 *
 * <p>{@link #publish} returns a stage that completes when every given state, or a newer one of the same job, is on
 * the topic; the consumer acknowledges a batch only then, so a crash never loses a snapshot the topic should hold.
 * The producer retries on its own; a send that still fails is retried a second later with the job's state as it is
 * then, never an older one, so the topic cannot end on a stale snapshot.
 */
@ApplicationScoped
public class SnapshotPublisher {

    /** The outgoing channel, bound to {@code headway.job-state} in configuration. */
    public static final String CHANNEL = "job-state";

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final MutinyEmitter<JobSnapshot> emitter;

    public SnapshotPublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<JobSnapshot> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends the states' snapshots now, in order.
     *
     * @param current a job's latest state when a send must be retried (null: the failed one is still the latest)
     */
    public CompletionStage<Void> publish(List<JobState> states, Function<String, JobState> current) {
        if (states.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] sends = new CompletableFuture<?>[states.size()];
        for (int i = 0; i < states.size(); i++) {
            sends[i] = send(states.get(i), current).subscribeAsCompletionStage();
        }
        return CompletableFuture.allOf(sends);
    }

    private Uni<Void> send(JobState state, Function<String, JobState> current) {
        JobSnapshot snapshot = JobSnapshot.of(state);
        return emitter.sendMessage(KafkaRecord.of(snapshot.jobId(), snapshot))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Publishing the snapshot of job %s failed, retrying: %s", state.jobId(), failure);
                    JobState latest = current.apply(state.jobId());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(RETRY_AFTER)
                            .chain(() -> send(latest == null || latest.eventCount() < state.eventCount()
                                    ? state : latest, current));
                });
    }
}
