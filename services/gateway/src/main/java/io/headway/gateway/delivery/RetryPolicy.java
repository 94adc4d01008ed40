package io.headway.gateway.delivery;

import io.github.resilience4j.core.IntervalFunction;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.Delivery;
import java.time.Duration;
import java.time.Instant;

/**
 * What follows an attempt: delivered, another attempt after an exponential, jittered wait (resilience4j's
 * {@link IntervalFunction}, so thousands of deliveries failing together do not come back together), or given up
 * after the last attempt; and whether a webhook has failed often enough in a row to be disabled.
 */
public final class RetryPolicy {

    private final IntervalFunction backoff;
    private final int maxAttempts;
    private final int disableAfter;

    public RetryPolicy(Duration initialBackoff, double multiplier, double jitter, Duration maxBackoff, int maxAttempts,
            int disableAfter) {
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, multiplier, jitter, maxBackoff);
        this.maxAttempts = maxAttempts;
        this.disableAfter = disableAfter;
    }

    public static RetryPolicy of(GatewayConfig.Delivery config) {
        return new RetryPolicy(config.initialBackoff(), config.multiplier(), config.jitter(), config.maxBackoff(),
                config.maxAttempts(), config.disableAfter());
    }

    /**
     * Where a delivery stands after an attempt.
     *
     * @param nextAttemptAt when to try again, while PENDING; null otherwise
     */
    public record Next(Delivery.Status status, Instant nextAttemptAt) {
    }

    /** After attempt number {@code attempt} (from 1) ended with {@code outcome} at {@code now}. */
    public Next after(int attempt, Delivery.Outcome outcome, Instant now) {
        if (outcome == Delivery.Outcome.DELIVERED) {
            return new Next(Delivery.Status.DELIVERED, null);
        }
        if (attempt >= maxAttempts) {
            return new Next(Delivery.Status.FAILED, null);
        }
        return new Next(Delivery.Status.PENDING, now.plusMillis(backoff.apply(attempt)));
    }

    /** Where a delivery of a single attempt (a test) stands after it: it is never tried again. */
    public static Next once(Delivery.Outcome outcome) {
        return new Next(outcome == Delivery.Outcome.DELIVERED ? Delivery.Status.DELIVERED : Delivery.Status.FAILED,
                null);
    }

    /** Whether a webhook with this many failed attempts in a row is disabled. */
    public boolean disables(int consecutiveFailures) {
        return consecutiveFailures >= disableAfter;
    }

    public int disableAfter() {
        return disableAfter;
    }
}
