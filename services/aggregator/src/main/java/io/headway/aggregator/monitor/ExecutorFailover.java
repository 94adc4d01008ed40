package io.headway.aggregator.monitor;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.events.JobRequest;
import io.headway.events.kafka.ClientSettings;
import io.headway.events.kafka.Handover;
import io.headway.events.state.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Hands the jobs of a lost executor to the others. Executors take requests from a Kafka share group and accept each
 * one as soon as their claim on it is in the job's log, so Kafka no longer redelivers a request whose executor died:
 * the aggregator that folds the job does. When the executor holding a job ({@link JobState#holder()}) has sent no
 * heartbeat for {@code failover-after}, it publishes, in one transaction, the job's next attempt with no executor named
 * and its request again ({@link Handover}); any free executor takes it and runs it from the last checkpoint.
 *
 * <p>Once folded, that attempt leaves the job without a holder, so it is handed over once; until then a job already
 * handed over is not handed over again for the same attempt. {@link io.headway.aggregator.alert.JobMonitor} decides
 * when, on its thread; the transactions run on a thread of their own.
 */
@ApplicationScoped
public class ExecutorFailover {

    static final String SOURCE = "aggregator";
    private static final Logger LOG = Logger.getLogger(ExecutorFailover.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("executor-failover").daemon().factory());
    private final String progressTopic;
    private final String requestsTopic;
    private final Clock clock;
    /** The attempt each job was handed over for, until its state shows it: a job is handed over once per attempt. */
    private final Map<String, Integer> handedOver = new ConcurrentHashMap<>();
    private final Counter handovers;
    private boolean initialised;

    public ExecutorFailover(AggregatorConfig config, @Identifier(ClientSettings.BROKER) Map<String, Object> broker,
            MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        this.progressTopic = config.topics().progress();
        this.requestsTopic = config.topics().jobRequests();
        this.producer = new KafkaProducer<>(ClientSettings.of(broker, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "aggregator-failover",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "headway-aggregator-failover-" + UUID.randomUUID())),
                new StringSerializer(), new ByteArraySerializer());
        this.handovers = Counter.builder("headway.aggregator.failover.handovers")
                .description("Jobs handed to another executor because the one holding them was lost")
                .register(metrics);
    }

    void stop(@Observes ShutdownEvent event) {
        sender.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * Hands {@code job} over, unless it was handed over for this attempt already.
     *
     * @param silent how long its holder has been silent, for the record
     */
    public void handOver(JobState job, String holder, Duration silent) {
        int next = job.attempt() + 1;
        if (Integer.valueOf(next).equals(handedOver.put(job.jobId(), next))) {
            return;
        }
        String cause = "executor " + holder + " was lost (no heartbeat for " + silent.toSeconds() + " s)";
        LOG.infof("Job %s: %s; attempt %d goes to another executor", job.jobId(), cause, next);
        List<ProducerRecord<String, byte[]>> records = Handover.records(JobRequest.again(job, SOURCE), next, cause,
                SOURCE, clock.instant().truncatedTo(ChronoUnit.MILLIS), progressTopic, requestsTopic);
        sender.execute(() -> send(job.jobId(), records));
    }

    /** The job's state moved on (or it ended): it may be handed over again should its next holder be lost. */
    public void forget(String jobId) {
        handedOver.remove(jobId);
    }

    private void send(String jobId, List<ProducerRecord<String, byte[]>> records) {
        try {
            if (!initialised) {
                producer.initTransactions();
                initialised = true;
            }
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
            handovers.increment();
        } catch (KafkaException e) {
            LOG.warnf("Could not hand job %s over (the next check tries again): %s", jobId, e.toString());
            handedOver.remove(jobId);
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException notOpen) {
                LOG.debugf("Aborting: %s", notOpen);
            }
        }
    }
}
