package io.headway.gateway.producer;

import io.headway.events.kafka.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Sends a record the gateway cannot read to {@code <topic>.dlq}, as it was, with why and where it came from in the
 * same headers the aggregator uses ({@code dead-letter-reason}, {@code -topic}, {@code -partition}, {@code -offset}).
 * Every gateway instance reads the feeds, so each one reports a bad record it met; {@code dead-letter-reader} says
 * which.
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
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", bytes(String.valueOf(reason.getMessage())));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        headers.add("dead-letter-reader", bytes(reader));
        publisher.publish(List.of(new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(),
                record.value(), headers))).subscribe().with(ok -> { },
                        failure -> LOG.errorf("Could not dead-letter %s-%d@%d: %s", record.topic(),
                                record.partition(), record.offset(), failure.toString()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
