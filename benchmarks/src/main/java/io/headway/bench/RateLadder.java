package io.headway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which rate to try next when looking for the highest one a run passes at: doubling from the first rate while runs
 * pass, then, between the highest passing rate and the lowest failing one, the rate halfway (geometrically) while the
 * gap is wider than a quarter, at most {@code refinements} times. Pure: it knows only the verdicts it was given.
 */
final class RateLadder {

    /** Rates are rounded to this many events per second, so steps read as round numbers. */
    private static final int ROUNDING = 50;

    private final int first;
    private final int highest;
    private final int refinements;
    private final List<Step> steps = new ArrayList<>();

    /** One run's rate and whether it passed. */
    record Step(int rate, boolean passed) {
    }

    RateLadder(int first, int highest, int refinements) {
        if (first <= 0 || highest < first || refinements < 0) {
            throw new IllegalArgumentException("a ladder needs 0 < first <= highest and refinements >= 0");
        }
        this.first = first;
        this.highest = highest;
        this.refinements = refinements;
    }

    void record(int rate, boolean passed) {
        steps.add(new Step(rate, passed));
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The highest rate a run passed at, if any did. */
    OptionalInt highestPassed() {
        return steps.stream().filter(Step::passed).mapToInt(Step::rate).max();
    }

    /** The rate to run next, or empty when the ladder is done. */
    OptionalInt next() {
        if (steps.isEmpty()) {
            return OptionalInt.of(first);
        }
        OptionalInt failed = steps.stream().filter(s -> !s.passed()).mapToInt(Step::rate).min();
        OptionalInt passed = highestPassed();
        if (failed.isEmpty()) {
            int last = steps.getLast().rate();
            return last >= highest ? OptionalInt.empty() : OptionalInt.of(Math.min(highest, last * 2));
        }
        if (passed.isEmpty() || passed.getAsInt() > failed.getAsInt()) {
            // Nothing passed, or a lower rate failed after a higher one passed (a noisy machine): nothing to refine.
            return OptionalInt.empty();
        }
        int firstFailure = steps.indexOf(steps.stream().filter(s -> !s.passed()).findFirst().orElseThrow());
        int refined = steps.size() - 1 - firstFailure;
        boolean wide = failed.getAsInt() > passed.getAsInt() * 1.25;
        int halfway = round(Math.sqrt((double) passed.getAsInt() * failed.getAsInt()));
        if (refined >= refinements || !wide || halfway <= passed.getAsInt() || halfway >= failed.getAsInt()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(halfway);
    }

    private static int round(double rate) {
        return (int) Math.max(ROUNDING, Math.round(rate / ROUNDING) * ROUNDING);
    }
}
