package io.headway.gateway.store;

import io.headway.gateway.domain.AlertView;
import io.headway.history.sql.Keyset;
import java.time.Instant;
import java.util.UUID;

/** Where a page of alerts ended: the last alert's raising time and id, as an opaque token for the client. */
public record AlertCursor(Instant raisedAt, UUID alertId) {

    public static AlertCursor of(AlertView last) {
        return new AlertCursor(last.raisedAt(), last.alertId());
    }

    public String token() {
        return new Keyset(raisedAt, alertId.toString()).token();
    }

    /** @throws IllegalArgumentException when the token was not made by {@link #token()} */
    public static AlertCursor parse(String token) {
        Keyset keyset = Keyset.parse(token);
        try {
            return new AlertCursor(keyset.at(), UUID.fromString(keyset.id()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor '" + token + "' is not one this API returned");
        }
    }
}
