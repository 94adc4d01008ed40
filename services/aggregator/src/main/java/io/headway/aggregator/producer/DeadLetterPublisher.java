package io.headway.aggregator.producer;

import io.headway.events.kafka.DeadLetter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a record no one can read to its topic's dead-letter topic ({@code <topic>.dlq}): the original key, value and
 * headers, plus where it came from and why it was rejected ({@link DeadLetter}).
 * Batch consumers use it to reject one record without rejecting its whole batch.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** The outgoing channel; each record names its own dead-letter topic. */
    public static final String CHANNEL = "dead-letters";

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetterPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> reject(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        ProducerRecord<String, byte[]> dead = DeadLetter.of(record, reason);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(dead.topic())
                .withKey(dead.key())
                .withHeaders(dead.headers())
                .build();
        return emitter.sendMessage(Message.of(dead.value()).addMetadata(metadata));
    }
}
