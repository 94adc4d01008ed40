package io.headway.aggregator.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotPublisherLingerTest {

    @Test
    void withThePushTheJobStateProducerGathersFiveMilliseconds() {
        assertThat(SnapshotPublisher.linger(Optional.empty(), true)).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void withoutThePushEachBatchGoesAtOnce() {
        assertThat(SnapshotPublisher.linger(Optional.empty(), false)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aConfiguredLingerIsKeptEitherWay() {
        assertThat(SnapshotPublisher.linger(Optional.of(Duration.ofMillis(20)), true)).isEqualTo(Duration.ofMillis(20));
        assertThat(SnapshotPublisher.linger(Optional.of(Duration.ofMillis(20)), false)).isEqualTo(Duration.ofMillis(20));
    }
}
