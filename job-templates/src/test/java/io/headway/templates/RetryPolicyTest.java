package io.headway.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5), 2, 0.2);

    @Test
    void delaysGrowExponentiallyUpToTheCap() {
        assertThat(policy.delayBefore(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBefore(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(4, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayBefore(5, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterSpreadsDelaysWithinItsFraction() {
        assertThat(policy.delayBefore(3, () -> 0.0)).isEqualTo(Duration.ofMillis(1600));
        assertThat(policy.delayBefore(3, () -> 0.999999)).isEqualTo(Duration.ofMillis(2400));
    }

    @Test
    void attemptsRunOutAtTheMaximum() {
        assertThat(policy.allowsAnotherAfter(4)).isTrue();
        assertThat(policy.allowsAnotherAfter(5)).isFalse();
        assertThat(RetryPolicy.NONE.allowsAnotherAfter(1)).isFalse();
    }
}
