package io.headway.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotCoalescerTest {

    private final SnapshotCoalescer coalescer = new SnapshotCoalescer(100);
    private final JobState queued = JobState.initial("job-1");
    private final JobState running = queued.withStatus(JobStatus.RUNNING).withEventCount(2);

    @Test
    void aJobsFirstSnapshotGoesOutAtOnce() {
        assertThat(coalescer.offer(List.of(queued), 0)).containsExactly(queued);
        assertThat(coalescer.drain(0)).isEmpty();
    }

    @Test
    void otherChangesWaitAndOnlyTheLatestIsFlushed() {
        coalescer.offer(List.of(running), 0);
        JobState later = running.withProgress(0.5).withEventCount(3);
        JobState latest = running.withProgress(0.7).withEventCount(4);

        assertThat(coalescer.offer(List.of(later), 10)).isEmpty();
        assertThat(coalescer.offer(List.of(latest), 20)).isEmpty();

        assertThat(coalescer.drain(50)).containsExactly(latest);
        assertThat(coalescer.drain(60)).isEmpty();
    }

    @Test
    void aChangeAfterAQuietIntervalGoesOutAtOnce() {
        coalescer.offer(List.of(running), 0);
        JobState later = running.withProgress(0.5).withEventCount(3);
        JobState quick = running.withProgress(0.6).withEventCount(4);

        assertThat(coalescer.offer(List.of(later), 100)).containsExactly(later);
        assertThat(coalescer.offer(List.of(quick), 150)).isEmpty();
        assertThat(coalescer.drain(200)).containsExactly(quick);
    }

    @Test
    void aStatusChangeGoesOutAtOnceAndReplacesWhatWaited() {
        coalescer.offer(List.of(running), 0);
        coalescer.offer(List.of(running.withProgress(0.5)), 10);
        JobState done = running.withStatus(JobStatus.SUCCEEDED).withEventCount(5);

        assertThat(coalescer.offer(List.of(done), 20)).containsExactly(done);
        assertThat(coalescer.drain(30)).isEmpty();
    }

    @Test
    void aFailedFlushIsRetriedUnlessSomethingNewerWaits() {
        coalescer.offer(List.of(running), 0);
        JobState older = running.withProgress(0.5).withEventCount(3);
        JobState newer = running.withProgress(0.6).withEventCount(4);
        coalescer.offer(List.of(older), 10);
        List<JobState> failed = coalescer.drain(20);
        coalescer.offer(List.of(newer), 30);

        coalescer.retry(failed);

        assertThat(coalescer.drain(40)).containsExactly(newer);
        coalescer.retry(List.of(older));
        assertThat(coalescer.drain(50)).containsExactly(older);
    }
}
