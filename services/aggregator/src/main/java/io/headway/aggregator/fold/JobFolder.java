package io.headway.aggregator.fold;

import io.headway.aggregator.producer.SnapshotPublisher;
import io.headway.aggregator.store.HistoryStore;
import io.headway.aggregator.store.LiveStateStore;
import io.headway.events.JobSnapshot;
import io.headway.events.ProgressEvent;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Where an event becomes state: the job's current state (from Redis, else history) is folded with the shared
 * reducer, and the new snapshot is written to Redis, to PostgreSQL and to the job-state topic. The returned Uni
 * completes only when all three have it, so the caller acknowledges the event only then.
 */
@ApplicationScoped
public class JobFolder {

    private final LiveStateStore live;
    private final HistoryStore history;
    private final SnapshotPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    public JobFolder(LiveStateStore live, HistoryStore history, SnapshotPublisher publisher) {
        this.live = live;
        this.history = history;
        this.publisher = publisher;
    }

    public Uni<JobSnapshot> fold(ProgressEvent event) {
        return live.find(event.jobId())
                .onItem().ifNull().switchTo(() -> history.find(event.jobId()))
                .map(known -> JobReducer.apply(known == null ? null : known.state(), event))
                .map(this::snapshot)
                .call(live::save)
                .call(history::save)
                .call(publisher::publish);
    }

    private JobSnapshot snapshot(JobState state) {
        return JobSnapshot.of(state, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }
}
