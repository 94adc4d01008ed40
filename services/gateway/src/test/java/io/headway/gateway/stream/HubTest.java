package io.headway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The hub's routing decisions, without sessions or Kafka. */
class HubTest {

    @Test
    void logLinesOfAJobNoOneKnowsAreNotWantedWhenNoOneFollowsAnything() {
        // Log lines of a job whose snapshot this instance has not seen come with no tenant; with no session at all,
        // asking must answer "no" (it used to throw, and the exception stopped the log feed for every client).
        assertThat(new Hub(new SimpleMeterRegistry()).anyoneFollows("unknown-job", null)).isFalse();
    }
}
