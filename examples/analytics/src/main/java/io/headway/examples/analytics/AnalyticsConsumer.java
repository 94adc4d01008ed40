package io.headway.examples.analytics;

import io.headway.events.ProgressEvent;
import io.headway.events.codec.Codec;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An analytics consumer another team could write: a plain Kafka consumer in a group of its own on
 * {@code headway.progress}, decoding records with the public codec, skipping (and counting) records it cannot read,
 * as the contract's rules for readers ask, and printing per-type success rates and run-time percentiles.
 *
 * <pre>java -cp ... io.headway.examples.analytics.AnalyticsConsumer [bootstrap] [group] [earliest|latest]</pre>
 */
public final class AnalyticsConsumer implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Codec<ProgressEvent> codec = WireType.PROGRESS.codec();
    private final TypeStats stats = new TypeStats();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private long unreadable;

    public AnalyticsConsumer(String bootstrap, String group, String startAt) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startAt,
                // A submission's JobSubmitted is written in a transaction with its request: never read one that failed.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, group),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.PROGRESS));
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:19092";
        String group = args.length > 1 ? args[1] : "analytics-example";
        String startAt = args.length > 2 ? args[2] : "earliest";
        try (AnalyticsConsumer analytics = new AnalyticsConsumer(bootstrap, group, startAt)) {
            Thread main = Thread.currentThread();
            // On Ctrl-C: wake the loop, and let it close the consumer (commit, leave the group) before the JVM halts.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                analytics.stop();
                try {
                    main.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            long nextReport = 0;
            while (analytics.running.get()) {
                try {
                    analytics.poll(Duration.ofSeconds(1));
                } catch (WakeupException stopping) {
                    break;
                }
                if (System.nanoTime() > nextReport) {
                    analytics.print();
                    nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
            }
        }
    }

    /** Reads what has arrived within {@code timeout} into the statistics. Auto-commit keeps the group's place. */
    public void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                unreadable++; // no event: nothing Headway writes, so someone else's record
                continue;
            }
            try {
                stats.accept(codec.decode(record.value()));
            } catch (EventDecodingException e) {
                unreadable++; // a broken or newer record: skip it, never stop reading
            }
        }
    }

    public TypeStats stats() {
        return stats;
    }

    public long unreadable() {
        return unreadable;
    }

    /**
     * Whether the group has given this consumer its partitions yet, and where it starts reading each (looked up now,
     * so that a consumer starting at the latest records reads everything produced after this returns true).
     */
    public boolean assigned() {
        consumer.assignment().forEach(consumer::position);
        return !consumer.assignment().isEmpty();
    }

    public void print() {
        System.out.printf("%-24s %8s %9s %10s %10s %10s%n", "TYPE", "ENDED", "SUCCESS", "P50", "P90", "P99");
        stats.byType().forEach((type, o) -> System.out.printf("%-24s %8d %8.1f%% %9.1fs %9.1fs %9.1fs%n", type,
                o.ended(), o.successRate() * 100, o.runMillisAt(50) / 1e3, o.runMillisAt(90) / 1e3,
                o.runMillisAt(99) / 1e3));
        System.out.printf("(%d jobs open, %d unreadable records skipped)%n", stats.openJobs(), unreadable);
    }

    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
