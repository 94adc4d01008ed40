package io.headway.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.gateway.domain.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When a delivery is tried again, given up, or its webhook disabled. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), 2, 0.5, Duration.ofHours(1), 12, 20);
    private final Instant now = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aDeliveredAttemptEndsTheDelivery() {
        assertThat(policy.after(3, Delivery.Outcome.DELIVERED, now))
                .isEqualTo(new RetryPolicy.Next(Delivery.Status.DELIVERED, null));
    }

    @Test
    void failedAttemptsWaitLongerEachTimeWithinTheJitter() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            RetryPolicy.Next next = policy.after(attempt, Delivery.Outcome.FAILED, now);
            long expected = 10_000L << (attempt - 1);
            assertThat(next.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(Duration.between(now, next.nextAttemptAt()).toMillis())
                    .as("wait after attempt %d", attempt).isBetween(expected / 2, expected * 3 / 2);
        }
    }

    @Test
    void theWaitNeverPassesTheMaximumAndTheJitterSpreadsRetries() {
        RetryPolicy.Next late = policy.after(11, Delivery.Outcome.FAILED, now);
        assertThat(Duration.between(now, late.nextAttemptAt())).isLessThanOrEqualTo(Duration.ofMinutes(90));
        long distinct = IntStream.range(0, 20)
                .mapToObj(i -> policy.after(2, Delivery.Outcome.FAILED, now).nextAttemptAt()).distinct().count();
        assertThat(distinct).isGreaterThan(1);
    }

    @Test
    void theLastAttemptGivesUp() {
        assertThat(policy.after(12, Delivery.Outcome.FAILED, now))
                .isEqualTo(new RetryPolicy.Next(Delivery.Status.FAILED, null));
    }

    @Test
    void aSingleAttemptIsNeverTriedAgain() {
        assertThat(RetryPolicy.once(Delivery.Outcome.FAILED).status()).isEqualTo(Delivery.Status.FAILED);
        assertThat(RetryPolicy.once(Delivery.Outcome.DELIVERED).status()).isEqualTo(Delivery.Status.DELIVERED);
    }

    @Test
    void aWebhookIsDisabledAtTheConfiguredRunOfFailures() {
        assertThat(policy.disables(19)).isFalse();
        assertThat(policy.disables(20)).isTrue();
    }
}
