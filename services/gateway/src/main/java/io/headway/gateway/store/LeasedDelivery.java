package io.headway.gateway.store;

import io.headway.gateway.domain.Channel;
import java.util.UUID;

/**
 * A delivery a worker has leased, with what it needs to make the next attempt: where it goes and the payload.
 *
 * @param secret   the webhook's signing secret; null for email
 * @param payload  the Alert's JSON, exactly as it is sent
 * @param attempts attempts made before this one
 */
public record LeasedDelivery(
        UUID deliveryId, UUID channelId, String tenant, Channel.Kind kind, String target, String secret,
        String payload, int attempts) {

    /** The number of the attempt about to be made, from 1. */
    public int attempt() {
        return attempts + 1;
    }

    @Override
    public String toString() {
        return "LeasedDelivery[" + deliveryId + " to " + kind + " " + channelId + ", attempt " + attempt() + "]";
    }
}
