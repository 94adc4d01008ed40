package io.headway.gateway.producer;

import io.headway.events.kafka.DeadLetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Sends a record the gateway cannot read to {@code <topic>.dlq}, as it was, with why and where it came from
 * ({@link DeadLetter}). Every gateway instance reads the feeds, so each one reports a bad record it met;
 * {@link DeadLetter#READER} says which.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final TransactionalPublisher publisher;
    private final String reader = "gateway-" + UUID.randomUUID();

    public DeadLetters(TransactionalPublisher publisher) {
        this.publisher = publisher;
    }

    public void send(ConsumerRecord<String, byte[]> record, Exception reason) {
        LOG.warnf("Unreadable record %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), reason.getMessage());
        publisher.publish(List.of(DeadLetter.of(record, reason.getMessage(), reader))).subscribe().with(ok -> { },
                        failure -> LOG.errorf("Could not dead-letter %s-%d@%d: %s", record.topic(),
                                record.partition(), record.offset(), failure.toString()));
    }
}
