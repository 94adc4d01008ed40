package io.headway.gateway.auth;

import io.headway.livestore.LiveKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Short-lived, single-use tickets that open the live stream without putting an API key in a URL. A browser cannot
 * set headers on a WebSocket or an EventSource, and a key in {@code ?access_token=} ends up in proxies' and servers'
 * access logs; a ticket there is worthless a few seconds later. The client asks for one over REST with its key
 * ({@code POST /api/v1/stream/tickets}) and opens {@code /api/v1/stream?ticket=...} with it.
 *
 * <p>Tickets live in Redis, so any gateway instance redeems one another issued; redeeming deletes it
 * ({@code GETDEL}), and the key it names is looked up again, so a key revoked meanwhile opens nothing. Only the
 * key's id is stored, never the key.
 */
@ApplicationScoped
public class StreamTickets {

    /** How long a ticket may wait to be used. */
    public static final Duration LIFETIME = Duration.ofSeconds(30);
    static final String PREFIX = "hwt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Redis redis;
    private final ApiKeyStore keys;
    private final Clock clock;

    public StreamTickets(Redis redis, ApiKeyStore keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    /** A new ticket for the key, and when it expires. */
    public Uni<Ticket> issue(ApiKey key) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String ticket = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = clock.instant().plus(LIFETIME);
        return redis.send(Request.cmd(Command.SET).arg(LiveKeys.streamTicket(ticket)).arg(key.keyId())
                        .arg("EX").arg(LIFETIME.toSeconds()))
                .replaceWith(new Ticket(ticket, expiresAt));
    }

    /** The key a ticket was issued for, if the ticket is unused, unexpired and the key is not revoked. */
    public Uni<Optional<ApiKey>> redeem(String ticket) {
        if (ticket == null || !ticket.startsWith(PREFIX) || ticket.length() > 64) {
            return Uni.createFrom().item(Optional.empty());
        }
        return redis.send(Request.cmd(Command.GETDEL).arg(LiveKeys.streamTicket(ticket)))
                .map(reply -> reply == null ? null : reply.toString())
                .chain(keyId -> keyId == null
                        ? Uni.createFrom().item(Optional.<ApiKey>empty()) : keys.findById(keyId));
    }

    /** A ticket and its expiry. */
    public record Ticket(String ticket, Instant expiresAt) {
    }
}
