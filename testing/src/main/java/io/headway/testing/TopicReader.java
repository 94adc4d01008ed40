package io.headway.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic the way an outside consumer would, with an ordinary Kafka client: from the end of every partition at
 * the moment it is opened, without a consumer group, so it sees exactly what was written after it opened.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    private TopicReader(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        ends.forEach(consumer::seek);
    }

    /** Reads what is written to {@code topic} from now on. */
    public static TopicReader fromNow(String topic) {
        return new TopicReader(topic);
    }

    /** Polls once and returns every record read so far whose key is {@code key}, in log order. */
    public List<ConsumerRecord<String, byte[]>> recordsWithKey(String key) {
        return records(r -> key.equals(r.key()));
    }

    /** Polls once and returns every record read so far that matches. */
    public List<ConsumerRecord<String, byte[]>> records(Predicate<ConsumerRecord<String, byte[]>> filter) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(filter).toList();
    }

    /** Polls once and returns what it read, without keeping it: for readers that go on for long. */
    public List<ConsumerRecord<String, byte[]>> poll() {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
        return read;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
