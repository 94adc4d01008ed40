package io.headway.aggregator.consumer;

import io.headway.aggregator.producer.DeadLetterPublisher;
import io.headway.events.codec.Codec;
import io.headway.events.codec.EventDecodingException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * How the aggregator's batch consumers handle a batch: decode every record, send the ones no one can read to their
 * dead-letter topic with the reason, hand the rest to the work, and acknowledge the batch (commit its offsets) only
 * when the work is done. Work that fails (PostgreSQL or Redis down) is retried with backoff until it succeeds: a batch
 * is never skipped, the consumer waits and resumes where it stopped.
 */
final class RecordBatches {

    private static final Logger LOG = Logger.getLogger(RecordBatches.class);

    private RecordBatches() {
    }

    /** A decoded record and where it was read from. */
    record Decoded<T>(int partition, long offset, T value) {
    }

    static <T> Uni<Void> process(KafkaRecordBatch<String, byte[]> batch, Codec<T> codec,
            DeadLetterPublisher deadLetters, String what, Function<List<Decoded<T>>, Uni<Void>> work) {
        List<Decoded<T>> decoded = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records(batch)) {
            try {
                decoded.add(new Decoded<>(record.partition(), record.offset(), codec.decode(record.value())));
            } catch (EventDecodingException e) {
                rejected.add(deadLetters.reject(record, e.getMessage()));
            }
        }
        Uni<Void> rejections = rejected.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        return rejections
                .chain(() -> Uni.createFrom().<Void>deferred(() -> work.apply(decoded))
                        .onFailure().invoke(e -> LOG.warnf("%s failed, retrying: %s", what, e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
                        .indefinitely())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecords<String, byte[]> records(KafkaRecordBatch<String, byte[]> batch) {
        return batch.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow().getRecords();
    }
}
