package io.headway.executor.domain;

import io.headway.events.LogBatch;
import io.headway.events.LogLine;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One attempt's log lines on their way to {@code headway.logs}, gathered into batches: a batch is due as soon as
 * {@code maxLines} lines have gathered, and whatever has gathered goes whenever the owner flushes (on the executor's
 * batch timer and when the attempt ends). A chatty job thus sends a few large records instead of one per line, and a
 * quiet job's lines still arrive within the batch interval.
 *
 * <p>Thread-safe: the attempt's output readers add lines while the timer flushes.
 */
public final class LogBuffer {

    private final int maxLines;
    /** Makes this attempt's batch of the lines, stamped when it is made. */
    private final Function<List<LogLine>, LogBatch> batch;
    private final List<LogLine> lines = new ArrayList<>();

    /** @param maxLines how many lines make a batch due at once */
    public LogBuffer(String jobId, int attempt, String executorId, int maxLines, Clock clock) {
        this.maxLines = maxLines;
        this.batch = taken -> new LogBatch(UUID.randomUUID(), jobId, attempt, executorId,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), taken);
    }

    /** Adds a line; the batch to send when this line made it full. */
    public synchronized Optional<LogBatch> add(LogLine line) {
        lines.add(line);
        return lines.size() >= maxLines ? flush() : Optional.empty();
    }

    /** Everything gathered so far as one batch, if anything has. */
    public synchronized Optional<LogBatch> flush() {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        LogBatch full = batch.apply(List.copyOf(lines));
        lines.clear();
        return Optional.of(full);
    }
}
