package io.headway.templates;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How a failed attempt is retried: up to {@code maxAttempts} attempts in all, waiting an exponentially growing delay
 * before each new one, capped at {@code maxDelay}, with random jitter so that jobs failing together do not retry in
 * lockstep.
 *
 * @param jitter the fraction, 0 to 1, by which a delay may randomly be shorter or longer
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier,
        double jitter) {

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1, 0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
        }
    }

    /** Whether a failed attempt number {@code attempt} is followed by another. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /**
     * How long to wait before attempt {@code attempt} (2 or more).
     *
     * @param random uniform in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
     */
    public Duration delayBefore(int attempt, DoubleSupplier random) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 2));
        double capped = Math.min(base, maxDelay.toMillis());
        double jittered = capped * (1 + jitter * (2 * random.getAsDouble() - 1));
        return Duration.ofMillis(Math.round(Math.max(0, jittered)));
    }

    /** This policy with at most {@code attempts} attempts: a submission may lower the template's limit, not raise it. */
    public RetryPolicy limitedTo(Integer attempts) {
        return attempts == null ? this
                : new RetryPolicy(Math.max(1, Math.min(maxAttempts, attempts)), initialDelay, maxDelay, multiplier,
                        jitter);
    }
}
