package io.headway.events.codec;

/** Turns one kind of wire record into JSON bytes and back. */
public interface Codec<T> {

    byte[] encode(T value);

    /**
     * @throws EventDecodingException with a reason a person can act on, when the bytes are not a valid record
     */
    T decode(byte[] bytes);
}
