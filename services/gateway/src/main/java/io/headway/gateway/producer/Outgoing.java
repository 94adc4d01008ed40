package io.headway.gateway.producer;

import io.headway.events.kafka.CloudEventHeaders;
import io.headway.events.kafka.WireType;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds records the way every Headway producer writes them: keyed, JSON value, CloudEvents headers. */
public final class Outgoing {

    private Outgoing() {
    }

    public static <T> ProducerRecord<String, byte[]> record(WireType<T> type, String topic, String key, T value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, type.codec().encode(value));
        CloudEventHeaders.write(record.headers(), type.attributes(value));
        return record;
    }
}
