package io.headway.history.sql;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The position a keyset-paged list ended at, newest first by time and then by id, as the opaque cursor token clients
 * send back: every cursor of the API is one of these.
 */
public record Keyset(Instant at, String id) {

    public String token() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token was not made by {@link #token()} */
    public static Keyset parse(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return new Keyset(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the cursor '" + token + "' is not one this API returned");
        }
    }
}
