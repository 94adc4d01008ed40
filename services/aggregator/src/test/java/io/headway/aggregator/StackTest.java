package io.headway.aggregator;

import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** What every aggregator test on the real stack has: a producer to the real Kafka, and the stores to read back. */
abstract class StackTest {

    /** How long a test waits for the aggregator to have folded what it produced. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    Stores stores;

    final ProgressEvents progress = new ProgressEvents();

    @AfterEach
    void closeProducers() {
        progress.close();
    }
}
