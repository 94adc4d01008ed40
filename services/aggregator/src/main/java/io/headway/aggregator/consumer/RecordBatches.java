package io.headway.aggregator.consumer;

import io.headway.aggregator.producer.DeadLetterPublisher;
import io.headway.events.codec.Codec;
import io.headway.events.codec.EventDecodingException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * How the aggregator's batch consumers handle a batch: decode every record, send the ones no one can read to their
 * dead-letter topic with the reason, hand the rest to the work, and acknowledge the batch (commit its offsets) only
 * when the work is done: the work's Uni completes when the batch may be followed by the next one, with a stage that
 * completes when it may be acknowledged. Acknowledgements may lag: offsets are never committed past an unacknowledged
 * batch. Work that fails (PostgreSQL or Redis down) is retried with backoff until it succeeds: a batch
 * is never skipped, the consumer waits and resumes where it stopped. Once the service is shutting down it stops
 * retrying and leaves the batch unacknowledged, to be delivered again.
 */
@ApplicationScoped
class RecordBatches {

    private static final Logger LOG = Logger.getLogger(RecordBatches.class);

    private final DeadLetterPublisher deadLetters;
    private volatile boolean stopping;

    RecordBatches(DeadLetterPublisher deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** A decoded record, where it was read from, and the record itself (to dead-letter it later if need be). */
    record Decoded<T>(int partition, long offset, T value, ConsumerRecord<String, byte[]> record) {
    }

    <T> Uni<Void> process(KafkaRecordBatch<String, byte[]> batch, Codec<T> codec, String what,
            Function<List<Decoded<T>>, Uni<CompletionStage<Void>>> work) {
        List<Decoded<T>> decoded = new ArrayList<>();
        Map<ConsumerRecord<String, byte[]>, String> unreadable = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records(batch)) {
            try {
                decoded.add(new Decoded<>(record.partition(), record.offset(), codec.decode(record.value()), record));
            } catch (EventDecodingException e) {
                unreadable.put(record, e.getMessage());
            }
        }
        return deadLetter(unreadable)
                .chain(() -> Uni.createFrom().<CompletionStage<Void>>deferred(() -> work.apply(decoded))
                        .onFailure(e -> !stopping).invoke(e -> LOG.warnf("%s failed, retrying: %s", what, e))
                        .onFailure(e -> !stopping).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
                        .indefinitely())
                .invoke(done -> done.thenCompose(ok -> batch.ack()))
                .replaceWithVoid();
    }

    /** Sends records that were read but must not be applied to their dead-letter topic, each with its reason. */
    CompletionStage<Void> reject(Map<ConsumerRecord<String, byte[]>, String> records) {
        return deadLetter(records).subscribeAsCompletionStage();
    }

    private Uni<Void> deadLetter(Map<ConsumerRecord<String, byte[]>, String> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(records.entrySet().stream().map(e -> deadLetters.reject(e.getKey(), e.getValue()))
                .toList()).andFailFast().replaceWithVoid();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecords<String, byte[]> records(KafkaRecordBatch<String, byte[]> batch) {
        return batch.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow().getRecords();
    }
}
