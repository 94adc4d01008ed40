package io.headway.aggregator.store;

import io.headway.aggregator.domain.FoldedJob;
import io.headway.aggregator.domain.JobFold;
import io.headway.aggregator.fold.SnapshotJson;
import io.headway.history.HistoryWriter;
import io.headway.history.HistoryWriter.EventRow;
import io.headway.history.HistoryWriter.JobRow;
import io.headway.history.StageDuration;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Hands the history what a batch folded: its new events, the jobs they changed (with the same snapshot bytes the live
 * view got) and the stages they completed. The SQL is the history module's.
 */
@ApplicationScoped
public class FoldedHistory {

    private final HistoryWriter writer;
    private final SnapshotJson snapshotJson;

    public FoldedHistory(HistoryWriter writer, SnapshotJson snapshotJson) {
        this.writer = writer;
        this.snapshotJson = snapshotJson;
    }

    public Uni<Void> write(List<JobFold> folds) {
        List<EventRow> applied = folds.stream().flatMap(f -> f.applied().stream())
                .map(e -> new EventRow(e.event(), e.payload(), e.partition(), e.offset())).toList();
        List<JobRow> jobs = folds.stream().filter(f -> !f.applied().isEmpty() && f.job().hasState())
                .map(f -> row(f.job(), f)).toList();
        List<StageDuration> durations = folds.stream().flatMap(f -> f.stageDurations().stream()).toList();
        return writer.write(applied, jobs, durations);
    }

    private JobRow row(FoldedJob job, JobFold fold) {
        return new JobRow(job.state(), snapshotJson.of(job.state()), job.lastOffset(), job.partition(),
                fold.reportedAt());
    }
}
