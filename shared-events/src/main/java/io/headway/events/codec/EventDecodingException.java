package io.headway.events.codec;

/** Bytes that are not a valid record; the message says why, for the dead-letter reason header. */
public class EventDecodingException extends RuntimeException {

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventDecodingException(String message) {
        super(message);
    }
}
