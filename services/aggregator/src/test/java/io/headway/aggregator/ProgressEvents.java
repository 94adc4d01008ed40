package io.headway.aggregator;

import io.headway.events.LogBatch;
import io.headway.events.ProgressEvent;
import io.headway.events.kafka.LogBatchSerializer;
import io.headway.events.kafka.ProgressEventSerializer;
import io.headway.events.kafka.Topics;
import io.headway.testing.LocalStack;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/** Writes to the progress and logs topics as any producer would: a plain Kafka client, keyed by job id. */
final class ProgressEvents implements AutoCloseable {

    private static final Map<String, Object> CONFIG = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap(),
            ProducerConfig.LINGER_MS_CONFIG, 5);

    private final KafkaProducer<String, ProgressEvent> events = new KafkaProducer<>(CONFIG, new StringSerializer(),
            new ProgressEventSerializer());
    private final KafkaProducer<String, LogBatch> logs = new KafkaProducer<>(CONFIG, new StringSerializer(),
            new LogBatchSerializer());
    private final KafkaProducer<String, byte[]> raw = new KafkaProducer<>(CONFIG, new StringSerializer(),
            new ByteArraySerializer());

    void send(ProgressEvent... all) {
        for (ProgressEvent event : all) {
            events.send(new ProducerRecord<>(Topics.PROGRESS, event.jobId(), event));
        }
        events.flush();
    }

    /** Sends to a partition of the caller's choosing, as a producer that does not partition as Java's client does. */
    void sendTo(int partition, ProgressEvent event) {
        events.send(new ProducerRecord<>(Topics.PROGRESS, partition, event.jobId(), event));
        events.flush();
    }

    /** The partition Java's client puts a record keyed {@code jobId} on. */
    int partitionOf(String jobId) {
        int partitions = events.partitionsFor(Topics.PROGRESS).size();
        return Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    int partitions() {
        return events.partitionsFor(Topics.PROGRESS).size();
    }

    void sendLogs(LogBatch batch) {
        logs.send(new ProducerRecord<>(Topics.LOGS, batch.jobId(), batch));
        logs.flush();
    }

    void sendRaw(String topic, String jobId, byte[] value) {
        raw.send(new ProducerRecord<>(topic, jobId, value));
        raw.flush();
    }

    @Override
    public void close() {
        events.close();
        logs.close();
        raw.close();
    }
}
