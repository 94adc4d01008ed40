package io.headway.events.kafka;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a Headway record as JSON and puts its CloudEvents attributes in the record headers. A null value (a
 * tombstone on a compacted topic) is written as null with no headers. Use the subclass named after the record type
 * in Kafka configuration, e.g. {@code value.serializer=io.headway.events.kafka.ProgressEventSerializer}.
 */
public class HeadwaySerializer<T> implements Serializer<T> {

    private final WireType<T> wireType;

    public HeadwaySerializer(WireType<T> wireType) {
        this.wireType = wireType;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        return value == null ? null : wireType.codec().encode(value);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T value) {
        if (value == null) {
            return null;
        }
        CloudEventHeaders.write(headers, wireType.attributes(value));
        return wireType.codec().encode(value);
    }
}
