package io.headway.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The codec of a plain record type: a snapshot, a log batch, a request, and so on. */
public final class RecordCodec<T> implements Codec<T> {

    private final Class<T> type;
    private final ObjectMapper mapper = HeadwayJson.mapper();

    public RecordCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] encode(T value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new EventDecodingException(Reasons.of(type.getSimpleName(), e), e);
        }
    }
}
