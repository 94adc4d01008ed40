package io.headway.gateway.store;

import io.headway.gateway.domain.AlertView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/** Where a page of alerts ended: the last alert's raising time and id, as an opaque token for the client. */
public record AlertCursor(Instant raisedAt, UUID alertId) {

    public static AlertCursor of(AlertView last) {
        return new AlertCursor(last.raisedAt(), last.alertId());
    }

    public String token() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((raisedAt + "|" + alertId).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token was not made by {@link #token()} */
    public static AlertCursor parse(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            return new AlertCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the cursor '" + token + "' is not one this API returned");
        }
    }
}
