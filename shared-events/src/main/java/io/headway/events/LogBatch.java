package io.headway.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Lines of one job's output, sent together on {@code headway.logs} to keep the record rate bounded. */
public record LogBatch(UUID batchId, String jobId, int attempt, String source, Instant sentAt, List<LogLine> lines) {

    public LogBatch {
        Require.present(batchId, "batchId");
        Require.text(jobId, "jobId");
        Require.attempt(attempt);
        Require.text(source, "source");
        Require.present(sentAt, "sentAt");
        lines = Require.list(lines);
    }
}
