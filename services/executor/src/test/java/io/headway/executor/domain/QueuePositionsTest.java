package io.headway.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.executor.domain.QueuePositions.Position;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class QueuePositionsTest {

    private final QueuePositions positions = new QueuePositions();

    @Test
    void aJobHearsItsPlaceWhenItJoinsAndWhenItMoves() {
        assertThat(positions.changes(List.of("a", "b"))).containsExactly(new Position("a", 1, 2),
                new Position("b", 2, 2));

        assertThat(positions.changes(List.of("a", "b", "c"))).as("only the newcomer: nobody else moved")
                .containsExactly(new Position("c", 3, 3));
        assertThat(positions.changes(List.of("b", "c"))).as("a started: both behind it moved up")
                .containsExactly(new Position("b", 1, 2), new Position("c", 2, 2));
        assertThat(positions.changes(List.of("b", "c"))).isEmpty();
    }

    @Test
    void aJobThatLeftAndCameBackHearsItsPlaceAgain() {
        positions.changes(List.of("a"));
        positions.changes(List.of());

        assertThat(positions.changes(List.of("a"))).containsExactly(new Position("a", 1, 1));
    }

    @Property
    void everyWaitingJobHasBeenToldItsCurrentPlaceAndNoOneIsToldTwice(
            @ForAll("queues") List<List<String>> queues) {
        QueuePositions positions = new QueuePositions(); // one per try: jqwik reuses the test instance
        Map<String, Integer> heard = new HashMap<>();
        for (List<String> order : queues) {
            heard.keySet().retainAll(order);
            List<Position> changes = positions.changes(order);

            changes.forEach(p -> assertThat(heard.put(p.jobId(), p.position())).as("told what it knew already")
                    .isNotEqualTo(Integer.valueOf(p.position())));
            for (int i = 0; i < order.size(); i++) {
                assertThat(heard).containsEntry(order.get(i), i + 1);
            }
            assertThat(changes).allSatisfy(p -> assertThat(p.waiting()).isEqualTo(order.size()));
            assertThat(positions.changes(order)).isEmpty();
        }
    }

    @Provide
    Arbitrary<List<List<String>>> queues() {
        return Arbitraries.of("a", "b", "c", "d", "e", "f").list().uniqueElements().ofMaxSize(6).list().ofMaxSize(10);
    }
}
