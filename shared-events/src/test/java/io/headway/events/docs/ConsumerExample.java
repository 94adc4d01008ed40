package io.headway.events.docs;

import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.kafka.ProgressEventDeserializer;
import io.headway.events.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The README's "plug in your own consumer" example, compiled and run by {@link ConsumerExampleTest}. */
final class ConsumerExample {

    private ConsumerExample() {
    }

    static void watchSucceededJobs(String bootstrapServers, String groupId, Consumer<String> onSuccess,
            BooleanSupplier running) {
        // tag::consumer[]
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ProgressEventDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // submissions are transactional
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group reads all retained history

        try (var consumer = new KafkaConsumer<String, ProgressEvent>(config)) {
            consumer.subscribe(List.of(Topics.PROGRESS));
            while (running.getAsBoolean()) {
                try {
                    for (ConsumerRecord<String, ProgressEvent> record : consumer.poll(Duration.ofSeconds(1))) {
                        switch (record.value()) {
                            case JobSucceeded done -> onSuccess.accept(done.jobId());
                            case ProgressReported progress -> { } // fraction, units, counters, message
                            case null -> { } // a record without a value (anyone can write one): nothing to read
                            default -> { } // every other kind, including kinds added after this was written
                        }
                    }
                } catch (RecordDeserializationException unreadable) {
                    // Not a valid event (the aggregator dead-letters such records): skip it and go on.
                    consumer.seek(unreadable.topicPartition(), unreadable.offset() + 1);
                }
            }
        }
        // end::consumer[]
    }
}
