package io.headway.aggregator.monitor;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.consumer.PartitionListener;
import io.headway.events.JobTimedOut;
import io.headway.events.kafka.ClientSettings;
import io.headway.events.kafka.WireType;
import io.headway.history.JobHistory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Ends an external job whose reporter went quiet. Code outside the platform can die without a word (killed, its
 * machine gone), and a job registered over HTTP that never reports would otherwise stay QUEUED or RUNNING for ever:
 * an external job with no event for {@code headway.aggregator.external-idle-timeout} gets a {@code JobTimedOut} on
 * {@code headway.progress}, keyed by the job, and is folded like any other event. Each instance looks only at the
 * partitions it folds, so with several aggregators a job is ended once. Executor jobs are not its business: their
 * executor times them out.
 */
@ApplicationScoped
public class ExternalJobTimeouts {

    static final String SOURCE = "aggregator";
    private static final int PER_CHECK = 500;
    private static final Logger LOG = Logger.getLogger(ExternalJobTimeouts.class);

    private final JobHistory history;
    private final PartitionListener partitions;
    private final Duration idle;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;

    public ExternalJobTimeouts(JobHistory history, @Identifier(PartitionListener.NAME) PartitionListener partitions,
            AggregatorConfig config,
            @Identifier(ClientSettings.BROKER) Map<String, Object> broker, Clock clock) {
        this.clock = clock;
        this.history = history;
        this.partitions = partitions;
        this.idle = config.externalIdleTimeout();
        this.topic = config.topics().progress();
        this.producer = new KafkaProducer<>(ClientSettings.of(broker, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "aggregator-timeouts")),
                new StringSerializer(), new ByteArraySerializer());
    }

    void stop(@Observes ShutdownEvent event) {
        producer.close(Duration.ofSeconds(5));
    }

    @Scheduled(every = "${headway.aggregator.external-check-interval}", delayed = "${headway.aggregator."
            + "external-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> endQuietJobs() {
        Set<Integer> owned = partitions.owned();
        if (owned.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return history.quietExternalJobs(now.minus(idle), owned, PER_CHECK)
                .chain(jobIds -> Uni.createFrom().completionStage(() -> timeOut(jobIds, now)));
    }

    private CompletableFuture<Void> timeOut(List<String> jobIds, Instant now) {
        CompletableFuture<?>[] sends = new CompletableFuture<?>[jobIds.size()];
        for (int i = 0; i < jobIds.size(); i++) {
            String jobId = jobIds.get(i);
            LOG.infof("Job %s is external and has not reported for %s: it ends as timed out", jobId, idle);
            JobTimedOut timedOut = new JobTimedOut(UUID.randomUUID(), jobId, now, SOURCE, idle.toMillis());
            CompletableFuture<Void> sent = new CompletableFuture<>();
            producer.send(WireType.PROGRESS.record(topic, jobId, timedOut), (metadata, failure) -> {
                if (failure != null) {
                    LOG.warnf("Could not end job %s (the next check tries again): %s", jobId, failure);
                }
                sent.complete(null);
            });
            sends[i] = sent;
        }
        return CompletableFuture.allOf(sends);
    }
}
