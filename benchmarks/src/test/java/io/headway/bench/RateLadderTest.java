package io.headway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RateLadderTest {

    @Test
    void doublesWhileRunsPassThenNarrowsTheGapToTheFirstFailure() {
        RateLadder ladder = new RateLadder(250, 64_000, 2);
        assertThat(ladder.next()).hasValue(250);
        ladder.record(250, true);
        assertThat(ladder.next()).hasValue(500);
        ladder.record(500, true);
        assertThat(ladder.next()).hasValue(1_000);
        ladder.record(1_000, false);
        assertThat(ladder.next()).as("halfway between 500 and 1,000, geometrically").hasValue(700);
        ladder.record(700, true);
        assertThat(ladder.next()).hasValue(850);
        ladder.record(850, false);
        assertThat(ladder.next()).as("two refinements made").isEmpty();
        assertThat(ladder.highestPassed()).hasValue(700);
    }

    @Test
    void stopsAtTheHighestRateWhenEveryRunPasses() {
        RateLadder ladder = new RateLadder(1_000, 3_000, 2);
        ladder.record(1_000, true);
        assertThat(ladder.next()).hasValue(2_000);
        ladder.record(2_000, true);
        assertThat(ladder.next()).hasValue(3_000);
        ladder.record(3_000, true);
        assertThat(ladder.next()).isEmpty();
        assertThat(ladder.highestPassed()).hasValue(3_000);
    }

    @Test
    void aFailingFirstRunEndsTheLadderWithNothingPassed() {
        RateLadder ladder = new RateLadder(250, 64_000, 2);
        ladder.record(250, false);
        assertThat(ladder.next()).isEmpty();
        assertThat(ladder.highestPassed()).isEqualTo(OptionalInt.empty());
    }

    @Test
    void aGapWithinAQuarterIsNotNarrowedFurther() {
        RateLadder ladder = new RateLadder(4_000, 64_000, 3);
        ladder.record(4_000, true);
        ladder.record(4_800, false);
        assertThat(ladder.next()).isEmpty();
    }

    @Test
    void refusesALadderThatCannotClimb() {
        assertThatThrownBy(() -> new RateLadder(0, 100, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLadder(500, 100, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
