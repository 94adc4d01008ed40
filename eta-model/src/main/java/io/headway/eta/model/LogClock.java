package io.headway.eta.model;

/**
 * The log's own time: the newest {@code occurredAt} read, moved on by the time that has passed since it was read
 * while nothing newer arrives. A stalled job sends nothing, yet its estimate must grow; with this clock it does, and
 * a replay of a recorded log (where the events themselves carry the time) gives the same estimates as the live run.
 * Never goes backwards. The wall time is passed in (monotonic nanoseconds), so the class reads no clock itself.
 */
public final class LogClock {

    private long newestMs = Long.MIN_VALUE;
    private long readAtNanos;

    /** An event of {@code occurredAtMs} was read at {@code wallNanos}. */
    public void observe(long occurredAtMs, long wallNanos) {
        long now = nowMs(wallNanos);
        if (occurredAtMs >= now) {
            newestMs = occurredAtMs;
            readAtNanos = wallNanos;
        }
    }

    /** The log time at {@code wallNanos}, or {@link Long#MIN_VALUE} before any event was read. */
    public long nowMs(long wallNanos) {
        if (newestMs == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return newestMs + Math.max(0, (wallNanos - readAtNanos) / 1_000_000);
    }
}
