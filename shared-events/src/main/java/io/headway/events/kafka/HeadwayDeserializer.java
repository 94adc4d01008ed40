package io.headway.events.kafka;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a Headway record's JSON value. Tombstones read as null. A value that is not a valid record throws
 * {@link io.headway.events.codec.EventDecodingException}, whose message is the reason to record when the record goes
 * to a dead-letter topic. Use the subclass named after the record type in Kafka configuration.
 */
public class HeadwayDeserializer<T> implements Deserializer<T> {

    private final WireType<T> wireType;

    public HeadwayDeserializer(WireType<T> wireType) {
        this.wireType = wireType;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : wireType.codec().decode(data);
    }
}
