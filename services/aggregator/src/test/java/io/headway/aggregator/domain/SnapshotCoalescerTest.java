package io.headway.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotCoalescerTest {

    private final SnapshotCoalescer coalescer = new SnapshotCoalescer();
    private final JobState queued = JobState.initial("job-1");
    private final JobState running = queued.withStatus(JobStatus.RUNNING).withEventCount(2);

    @Test
    void aJobsFirstSnapshotGoesOutAtOnce() {
        assertThat(coalescer.offer(List.of(queued))).containsExactly(queued);
        assertThat(coalescer.drain()).isEmpty();
    }

    @Test
    void otherChangesWaitAndOnlyTheLatestIsFlushed() {
        coalescer.offer(List.of(running));
        JobState later = running.withProgress(0.5).withEventCount(3);
        JobState latest = running.withProgress(0.7).withEventCount(4);

        assertThat(coalescer.offer(List.of(later))).isEmpty();
        assertThat(coalescer.offer(List.of(latest))).isEmpty();

        assertThat(coalescer.drain()).containsExactly(latest);
        assertThat(coalescer.drain()).isEmpty();
    }

    @Test
    void aStatusChangeGoesOutAtOnceAndReplacesWhatWaited() {
        coalescer.offer(List.of(running));
        coalescer.offer(List.of(running.withProgress(0.5)));
        JobState done = running.withStatus(JobStatus.SUCCEEDED).withEventCount(5);

        assertThat(coalescer.offer(List.of(done))).containsExactly(done);
        assertThat(coalescer.drain()).isEmpty();
    }

    @Test
    void aFailedFlushIsRetriedUnlessSomethingNewerWaits() {
        coalescer.offer(List.of(running));
        JobState older = running.withProgress(0.5).withEventCount(3);
        JobState newer = running.withProgress(0.6).withEventCount(4);
        coalescer.offer(List.of(older));
        List<JobState> failed = coalescer.drain();
        coalescer.offer(List.of(newer));

        coalescer.retry(failed);

        assertThat(coalescer.drain()).containsExactly(newer);
        coalescer.retry(List.of(older));
        assertThat(coalescer.drain()).containsExactly(older);
    }
}
