package io.headway.events.state;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;

/**
 * One stage of a job as folded so far.
 *
 * @param weight   its share of the job relative to the other stages
 * @param fraction how much of this stage is done, 0 to 1, never lower than before within an attempt
 */
@RecordBuilder
public record StageState(
        String name, double weight, StageStatus status, double fraction, Instant startedAt, Instant completedAt)
        implements StageStateBuilder.With {

    static StageState pending(String name, double weight) {
        return new StageState(name, weight, StageStatus.PENDING, 0.0, null, null);
    }
}
