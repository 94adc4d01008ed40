package io.headway.executor.producer;

import io.headway.events.JobRequest;
import io.headway.events.kafka.ClientSettings;
import io.headway.events.kafka.Handover;
import io.headway.executor.config.ExecutorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Hands jobs this executor holds back to the shared queue of requests ({@link Handover}: the next attempt with no
 * executor named and the request again, in one Kafka transaction), when it stops or finds jobs an earlier run of its
 * id held. The transactional producer is made on first use: most runs never need it.
 */
@ApplicationScoped
public class Handovers {

    private static final Logger LOG = Logger.getLogger(Handovers.class);

    private final Map<String, Object> broker;
    private final ExecutorConfig config;
    private final Clock clock;
    private KafkaProducer<String, byte[]> producer;

    public Handovers(@Identifier(ClientSettings.BROKER) Map<String, Object> broker, ExecutorConfig config,
            Clock clock) {
        this.broker = broker;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Hands {@code request}'s job back, waiting until Kafka has it. A failure is logged: the aggregator then hands the
     * job over once this executor's heartbeats stop.
     *
     * @param nextAttempt the attempt the next executor runs
     * @param cause       why, in words for people
     */
    public synchronized void handOver(JobRequest request, int nextAttempt, String cause) {
        try {
            if (producer == null) {
                producer = create();
            }
            producer.beginTransaction();
            Handover.records(request, nextAttempt, cause, config.executorId(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), config.topics().progress(),
                    config.topics().jobRequests()).forEach(producer::send);
            producer.commitTransaction();
            LOG.infof("Job %s handed back (%s): attempt %d goes to another executor", request.jobId(), cause,
                    nextAttempt);
        } catch (KafkaException e) {
            LOG.warnf("Could not hand job %s back (the aggregator hands it over once this executor is silent): %s",
                    request.jobId(), e.toString());
            close();
        }
    }

    private KafkaProducer<String, byte[]> create() {
        KafkaProducer<String, byte[]> created = new KafkaProducer<>(ClientSettings.of(broker, Map.<String, Object>of(
                ProducerConfig.CLIENT_ID_CONFIG, config.executorId() + "-handovers",
                // One id per executor: a restarted instance fences off its own earlier run's open transaction.
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "headway-executor-handovers-" + config.executorId())),
                new StringSerializer(), new ByteArraySerializer());
        created.initTransactions();
        return created;
    }

    /** After the supervisor's own shutdown, which hands back what it held. */
    synchronized void stop(@Observes @Priority(5000) ShutdownEvent event) {
        close();
    }

    private void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
