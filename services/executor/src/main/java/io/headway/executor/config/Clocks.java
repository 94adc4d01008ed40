package io.headway.executor.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock the executor reads the time from: the supervisor, each job run and its log batches take it injected
 * rather than calling {@code Instant.now()} themselves, so a test can hand them a clock of its own.
 */
public final class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
