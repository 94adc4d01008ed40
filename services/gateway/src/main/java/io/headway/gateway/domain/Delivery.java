package io.headway.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.headway.events.AlertState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One alert change sent to one channel, with every attempt made at it: the delivery log a tenant reads to see why
 * its receiver did not get something.
 *
 * @param alertId       null for a test delivery
 * @param change        the change delivered: RAISED or RESOLVED
 * @param nextAttemptAt when it is tried again, while PENDING
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(
        UUID deliveryId, UUID alertId, AlertState change, Status status, int attempts, Instant createdAt,
        Instant nextAttemptAt, Instant deliveredAt, List<Attempt> attemptLog) {

    public enum Status {
        /** Waiting for its next attempt. */
        PENDING,
        DELIVERED,
        /** Given up after the last attempt. */
        FAILED
    }

    /**
     * One attempt and what came of it.
     *
     * @param httpStatus the receiver's answer; null when there was none (timeout, refused connection)
     * @param detail     what went wrong, or what the receiver answered, in a line
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, Instant at, Outcome outcome, Integer httpStatus, String detail,
            long durationMs) {
    }

    public enum Outcome {
        DELIVERED,
        FAILED
    }
}
