package io.headway.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressReported;
import io.headway.events.state.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WriteBacklogTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final WriteBacklog backlog = new WriteBacklog();

    @Test
    void batchesWaitingTogetherAreWrittenAsOneWithEachJobsLatestState() {
        JobFold a1 = JobFold.of(FoldedJob.unknown("a"), List.of(submitted("a", 1), started("a", 2)));
        JobFold b1 = JobFold.of(FoldedJob.unknown("b"), List.of(submitted("b", 3)));
        JobFold a2 = JobFold.of(a1.job(), List.of(progress("a", 4), progress("a", 5)));
        backlog.add(List.of(a1, b1), List.of(a1.job().state(), b1.job().state()));
        backlog.add(List.of(a2), List.of(a2.job().state()));

        assertThat(backlog.events()).isEqualTo(5);
        assertThat(backlog.latest("a")).isEqualTo(a2.job());
        WriteBacklog.Drained drained = backlog.drain();

        assertThat(drained.folds()).containsExactly(a1.then(a2), b1);
        assertThat(drained.folds().getFirst().applied()).extracting(OffsetEvent::offset).containsExactly(1L, 2L, 4L,
                5L);
        assertThat(drained.visible()).extracting(JobState::eventCount).containsExactly(4L, 1L);
        assertThat(drained.visible().getFirst()).isSameAs(a2.job().state());
        assertThat(drained.events()).isEqualTo(5);
        assertThat(drained.latest("a")).isEqualTo(a2.job());
        assertThat(drained.latest("c")).isNull();
        assertThat(backlog.isEmpty()).isTrue();
        assertThat(backlog.events()).isZero();
        assertThat(backlog.latest("a")).isNull();
    }

    private static OffsetEvent submitted(String job, long offset) {
        return new OffsetEvent(0, offset, new JobSubmitted(UUID.randomUUID(), job, T0, "g", "acme", "demo", Map.of(),
                0, null, Map.of(), List.of(), true));
    }

    private static OffsetEvent started(String job, long offset) {
        return new OffsetEvent(0, offset, new JobStarted(UUID.randomUUID(), job, T0, "x", 1, "x", List.of()));
    }

    private static OffsetEvent progress(String job, long offset) {
        return new OffsetEvent(0, offset, new ProgressReported(UUID.randomUUID(), job, T0, "x", null, null, offset,
                null, "steps", null, Map.of()));
    }
}
