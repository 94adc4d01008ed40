package io.headway.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotCoalescerTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final SnapshotCoalescer coalescer = new SnapshotCoalescer(Duration.ofMillis(100));
    private final JobState running = JobState.initial("job-1").withStatus(JobStatus.RUNNING);

    @Test
    void aJobNeverPublishedGoesOutAtOnce() {
        assertThat(coalescer.publishAt(running, NOW)).isEqualTo(NOW);
    }

    @Test
    void furtherChangesWaitForTheInterval() {
        coalescer.published(running, NOW);

        assertThat(coalescer.publishAt(running.withProgress(0.5), NOW.plusMillis(30)))
                .isEqualTo(NOW.plusMillis(100));
        assertThat(coalescer.publishAt(running.withProgress(0.6), NOW.plusMillis(150)))
                .isEqualTo(NOW.plusMillis(150));
    }

    @Test
    void statusChangesAndTerminalStatesGoOutAtOnce() {
        coalescer.published(running, NOW);

        assertThat(coalescer.publishAt(running.withStatus(JobStatus.PAUSED), NOW.plusMillis(10)))
                .isEqualTo(NOW.plusMillis(10));
        assertThat(coalescer.publishAt(running.withStatus(JobStatus.SUCCEEDED), NOW.plusMillis(20)))
                .isEqualTo(NOW.plusMillis(20));
    }

    @Test
    void terminalJobsAreForgotten() {
        JobState done = running.withStatus(JobStatus.SUCCEEDED);
        coalescer.published(done, NOW);

        assertThat(coalescer.publishAt(done, NOW.plusMillis(1))).isEqualTo(NOW.plusMillis(1));
    }
}
