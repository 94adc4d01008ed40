package io.headway.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.executor.domain.WorkQueue.Waiting;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final WorkQueue<String> queue = new WorkQueue<>(2);

    @Test
    void higherPriorityStartsFirstThenArrivalOrder() {
        queue.add("low", "demo", 0, "w");
        queue.add("high", "demo", 5, "w");
        queue.add("low-2", "demo", 0, "w");
        assertThat(queue.order()).containsExactly("high", "low", "low-2");

        assertThat(next()).contains("high");
        assertThat(next()).contains("low");
        assertThat(queue.order()).containsExactly("low-2");
    }

    @Test
    void theGlobalLimitHoldsEverythingAndFreedSlotsAreReused() {
        queue.add("a", "demo", 0, "w");
        queue.add("b", "demo", 0, "w");
        queue.add("c", "demo", 0, "w");
        next();
        next();

        assertThat(next()).isEmpty();
        queue.finished("demo");
        assertThat(next()).contains("c");
        assertThat(queue.runningCount()).isEqualTo(2);
    }

    @Test
    void aTypesLimitHoldsOnlyThatType() {
        queue.add("m1", "maven-test", 9, "w");
        queue.add("m2", "maven-test", 9, "w");
        queue.add("d1", "demo", 0, "w");

        assertThat(next(Map.of("maven-test", 1))).contains("m1");
        assertThat(next(Map.of("maven-test", 1))).as("m2 waits for its type").contains("d1");
        assertThat(queue.runningByType()).isEqualTo(Map.of("maven-test", 1, "demo", 1));
    }

    @Test
    void heldAndRemovedJobsDoNotStart() {
        queue.add("paused", "demo", 9, "w");
        queue.add("cancelled", "demo", 5, "w");
        queue.add("ok", "demo", 0, "w");

        queue.remove("cancelled");
        assertThat(queue.next(Map.of(), "paused"::equals).map(Waiting::jobId)).contains("ok");
        assertThat(queue.waitingCount()).isEqualTo(1);
    }

    private Optional<String> next() {
        return next(Map.of());
    }

    private Optional<String> next(Map<String, Integer> limits) {
        return queue.next(limits, id -> false).map(Waiting::jobId);
    }
}
