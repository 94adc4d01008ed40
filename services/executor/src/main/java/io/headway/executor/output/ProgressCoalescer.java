package io.headway.executor.output;

import io.headway.executor.output.OutputSignal.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds the event rate of a job that prints progress faster than anyone can read it: progress signals are merged
 * (the latest fraction, units and message win; counters merge, up to the number one event may carry) and let out at
 * most once per interval, while stage
 * changes and checkpoints go out at once, after any progress that came before them, so their order is kept. Nothing
 * is lost: the last merged progress goes out at the next {@link #poll} or {@link #drain}.
 *
 * <p>Not thread-safe: one job's output is read by one thread.
 */
public final class ProgressCoalescer {

    private final Duration interval;
    private Progress pending;
    private Instant lastEmitted = Instant.MIN;

    public ProgressCoalescer(Duration interval) {
        this.interval = interval;
    }

    /** Takes a signal in; returns the signals to emit now, in order. */
    public List<OutputSignal> offer(OutputSignal signal, Instant now) {
        if (signal instanceof Progress progress) {
            if (pending != null && !pending.mergesWith(progress)) {
                List<OutputSignal> out = drain(now);
                pending = progress;
                return out;
            }
            pending = pending == null ? progress : pending.then(progress);
            return poll(now);
        }
        List<OutputSignal> out = new ArrayList<>(drain(now));
        out.add(signal);
        return out;
    }

    /** The merged progress, if there is some and the interval since the last emission has passed. */
    public List<OutputSignal> poll(Instant now) {
        if (pending == null || now.isBefore(lastEmitted.plus(interval))) {
            return List.of();
        }
        return drain(now);
    }

    /** Whatever progress is pending, now (a stage change or the end of the process). */
    public List<OutputSignal> drain(Instant now) {
        if (pending == null) {
            return List.of();
        }
        Progress out = pending;
        pending = null;
        lastEmitted = now;
        return List.of(out);
    }
}
