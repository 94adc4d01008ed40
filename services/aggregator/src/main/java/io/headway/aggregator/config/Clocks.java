package io.headway.aggregator.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock the service reads the time from. Classes take it injected rather than calling {@code Instant.now()}
 * themselves, so a test can hand them a clock of its own and every "now" in one decision is the same now.
 */
public final class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
