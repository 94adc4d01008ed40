package io.headway.events.reporter;

import io.headway.events.ControlIntent;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.WireType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Follows what is asked of one job on the compacted {@code headway.job-control} topic, as executors do for the jobs
 * they run: the job's partition only (the one Java's partitioner gives its id), from the start, on a thread of its own.
 * No consumer group: nothing is committed, and any number of reporters can watch at once.
 */
final class ControlWatch implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String jobId;
    private final Consumer<ControlIntent> listener;
    private final Codec<ControlIntent> intents = WireType.JOB_CONTROL.codec();
    private final Thread thread;
    private volatile ControlIntent latest;
    private volatile boolean running = true;

    ControlWatch(Map<String, Object> kafka, String topic, String jobId, Consumer<ControlIntent> listener) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.jobId = jobId;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("headway-control-" + jobId).start(this::follow);
    }

    /** The latest request for the job, if any was made. */
    Optional<ControlIntent> latest() {
        return Optional.ofNullable(latest);
    }

    private void follow() {
        try {
            int partitions = consumer.partitionsFor(topic).size();
            int partition = Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
            List<TopicPartition> mine = List.of(new TopicPartition(topic, partition));
            consumer.assign(mine);
            consumer.seekToBeginning(mine);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (jobId.equals(record.key()) && record.value() != null) {
                        take(record.value());
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() asked the thread to stop
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void take(byte[] value) {
        try {
            ControlIntent intent = intents.decode(value);
            latest = intent;
            listener.accept(intent);
        } catch (RuntimeException unreadableOrListenerFailed) {
            // an unreadable intent is not this job's business; a failing listener must not stop the watch
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
