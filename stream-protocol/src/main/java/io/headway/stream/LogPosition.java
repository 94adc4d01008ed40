package io.headway.stream;

import io.headway.events.live.LogTailEntry;

/**
 * Where a job's log stands: a line is identified by its attempt and its sequence within the attempt, which starts at
 * 1. Lines are ordered by attempt, then sequence.
 */
public record LogPosition(int attempt, long sequence) implements Comparable<LogPosition> {

    /** Before the first line of the first attempt. */
    public static final LogPosition START = new LogPosition(0, 0);

    public static LogPosition of(LogTailEntry entry) {
        return new LogPosition(entry.attempt(), entry.line().sequence());
    }

    /** Whether {@code next} is the line right after this one: the next in the attempt, or a later attempt's first. */
    public boolean isFollowedBy(LogPosition next) {
        return next.attempt == attempt ? next.sequence == sequence + 1 : next.attempt > attempt && next.sequence == 1;
    }

    @Override
    public int compareTo(LogPosition other) {
        return attempt != other.attempt ? Integer.compare(attempt, other.attempt)
                : Long.compare(sequence, other.sequence);
    }
}
