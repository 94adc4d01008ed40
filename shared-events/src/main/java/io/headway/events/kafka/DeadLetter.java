package io.headway.events.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter record of one that could not be read or applied: to {@code <topic>.dlq}, with the original key,
 * value and headers, plus why it was rejected and where it came from, in the headers SmallRye Reactive Messaging's
 * own dead-letter strategy writes. Every dead-letter topic of the platform therefore reads the same, whichever
 * service or mechanism wrote it.
 */
public final class DeadLetter {

    /** Why the record was rejected, in words an operator can act on. */
    public static final String REASON = "dead-letter-reason";
    /** The topic the record was read from. */
    public static final String TOPIC = "dead-letter-topic";
    /** Its partition there. */
    public static final String PARTITION = "dead-letter-partition";
    /** Its offset there. */
    public static final String OFFSET = "dead-letter-offset";
    /** Which instance rejected it, where every instance reads the same records (the gateway's feeds). */
    public static final String READER = "dead-letter-reader";

    private DeadLetter() {
    }

    /** The dead-letter record of {@code record}, rejected for {@code reason}. */
    public static <K, V> ProducerRecord<K, V> of(ConsumerRecord<K, V> record, String reason) {
        return of(record, reason, null);
    }

    /** The same, naming the instance that rejected it. */
    public static <K, V> ProducerRecord<K, V> of(ConsumerRecord<K, V> record, String reason, String reader) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON, bytes(String.valueOf(reason)));
        headers.add(TOPIC, bytes(record.topic()));
        headers.add(PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(OFFSET, bytes(Long.toString(record.offset())));
        if (reader != null) {
            headers.add(READER, bytes(reader));
        }
        return new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(), record.value(), headers);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
