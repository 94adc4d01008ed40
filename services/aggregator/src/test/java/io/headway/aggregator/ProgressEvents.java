package io.headway.aggregator;

import io.headway.events.ProgressEvent;
import io.headway.events.kafka.ProgressEventSerializer;
import io.headway.events.kafka.Topics;
import io.headway.testing.LocalStack;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes to {@code headway.progress} as any producer would: a plain Kafka client, keyed by job id. */
final class ProgressEvents implements AutoCloseable {

    private final KafkaProducer<String, ProgressEvent> events = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()), new StringSerializer(),
            new ProgressEventSerializer());
    private final KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()), new StringSerializer(),
            new ByteArraySerializer());

    void send(ProgressEvent... all) {
        for (ProgressEvent event : all) {
            events.send(new ProducerRecord<>(Topics.PROGRESS, event.jobId(), event));
        }
        events.flush();
    }

    void sendRaw(String jobId, byte[] value) {
        raw.send(new ProducerRecord<>(Topics.PROGRESS, jobId, value));
        raw.flush();
    }

    @Override
    public void close() {
        events.close();
        raw.close();
    }
}
