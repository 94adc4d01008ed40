package io.headway.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Turns a Jackson failure into a one-line reason a person reading a dead-letter topic can act on. */
final class Reasons {

    private Reasons() {
    }

    static String of(String what, Exception e) {
        Throwable cause = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause() : e;
        String detail = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : cause.getMessage();
        return "invalid " + what + ": " + (detail == null ? cause.getClass().getSimpleName() : detail);
    }
}
