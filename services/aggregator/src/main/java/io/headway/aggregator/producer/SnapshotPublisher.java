package io.headway.aggregator.producer;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.domain.SnapshotCoalescer;
import io.headway.events.JobSnapshot;
import io.headway.events.state.JobState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes job snapshots to the compacted job-state topic, keyed by job id, coalesced by a {@link SnapshotCoalescer}:
 * status changes and changes after a quiet {@code snapshot-interval} at once, quicker ones at the next flush.
 *
 * <p>{@link #publish} returns a stage that completes when every given state, or a newer one of the same job, is on
 * the topic; the consumer acknowledges a batch only then, so a crash never loses a snapshot the topic should hold.
 * A flush that fails is retried at the next one. Sends happen under this object's lock, in order, so a job's
 * snapshots reach the topic in the order of their sequence.
 */
@ApplicationScoped
public class SnapshotPublisher {

    /** The outgoing channel, bound to {@code headway.job-state} in configuration. */
    public static final String CHANNEL = "job-state";

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

    private final MutinyEmitter<JobSnapshot> emitter;
    private final AggregatorConfig config;
    private final SnapshotCoalescer coalescer;
    private CompletableFuture<Void> nextFlush = new CompletableFuture<>();
    private long timer = -1;

    public SnapshotPublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<JobSnapshot> emitter, AggregatorConfig config) {
        this.emitter = emitter;
        this.config = config;
        this.coalescer = new SnapshotCoalescer(config.snapshotInterval().toMillis());
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        timer = vertx.setPeriodic(config.snapshotInterval().toMillis(), id -> flush());
    }

    void stop(@Observes ShutdownEvent event, Vertx vertx) {
        vertx.cancelTimer(timer);
    }

    /** Publishes the states' snapshots as coalescing allows; see the class comment for the returned stage. */
    public synchronized CompletionStage<Void> publish(List<JobState> states) {
        List<JobState> now = coalescer.offer(states, System.currentTimeMillis());
        CompletableFuture<Void> sent = send(now);
        return states.size() > now.size() ? CompletableFuture.allOf(sent, nextFlush) : sent;
    }

    /** Sends every waiting snapshot; completes the batches that waited for this flush once Kafka has them all. */
    synchronized void flush() {
        CompletableFuture<Void> done = nextFlush;
        nextFlush = new CompletableFuture<>();
        List<JobState> due = coalescer.drain(System.currentTimeMillis());
        send(due).whenComplete((ok, failure) -> {
            if (failure == null) {
                done.complete(null);
                return;
            }
            LOG.warnf("Publishing %d snapshots failed, retrying at the next flush: %s", due.size(), failure);
            synchronized (this) {
                coalescer.retry(due);
                nextFlush.whenComplete((retried, again) -> done.complete(null));
            }
        });
    }

    private CompletableFuture<Void> send(List<JobState> states) {
        if (states.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] sends = new CompletableFuture<?>[states.size()];
        for (int i = 0; i < states.size(); i++) {
            JobSnapshot snapshot = JobSnapshot.of(states.get(i));
            sends[i] = emitter.sendMessage(KafkaRecord.of(snapshot.jobId(), snapshot))
                    .subscribeAsCompletionStage();
        }
        return CompletableFuture.allOf(sends);
    }
}
