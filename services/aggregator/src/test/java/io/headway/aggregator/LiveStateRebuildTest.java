package io.headway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.JobSnapshot;
import io.headway.events.LogBatch;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.live.QueueCounts;
import io.headway.events.state.JobStatus;
import io.headway.livestore.LiveKeys;
import io.headway.testing.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When Redis loses its data, the live state comes back from the history without anyone doing anything. */
@QuarkusTest
class LiveStateRebuildTest extends StackTest {

    @Test
    void afterAFlushTheLiveStateReturns() {
        String tenant = TestIds.jobId("tenant");
        String active = TestIds.jobId("rebuild-active");
        String done = TestIds.jobId("rebuild-done");
        Jobs activeJob = new Jobs(active, tenant, "b1");
        Jobs doneJob = new Jobs(done, tenant, "b1");
        progress.send(activeJob.submitted(), activeJob.started(), activeJob.progress(null, 0.4),
                doneJob.submitted(), doneJob.started(), doneJob.succeeded());
        progress.sendLogs(new LogBatch(UUID.randomUUID(), active, 1, "executor-1", Instant.now(), List.of(
                new LogLine(1, Instant.now(), LogStream.STDOUT, LogLevel.INFO, "hello"))));
        JobSnapshot activeBefore = await().atMost(PATIENCE).until(() -> stores.liveSnapshot(active),
                s -> s != null && s.sequence() == 3);
        JobSnapshot doneBefore = await().atMost(PATIENCE).until(() -> stores.liveSnapshot(done),
                s -> s != null && s.sequence() == 3);
        await().atMost(PATIENCE).until(() -> stores.redis().sortedSet(String.class).zcard(LiveKeys.logs(active)) == 1);

        stores.redis().flushall();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(stores.liveSnapshot(active)).isEqualTo(activeBefore);
            assertThat(stores.liveSnapshot(done)).isEqualTo(doneBefore);
            assertThat(stores.redis().key().exists(LiveKeys.READY)).isTrue();
        });
        assertThat(stores.redis().set(String.class).smembers(LiveKeys.activeJobs(tenant))).containsExactly(active);
        assertThat(stores.redis().sortedSet(String.class).zcard(LiveKeys.logs(active))).isEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                stores.liveValue(LiveKeys.queueCounts(tenant), QueueCounts.class).count(JobStatus.SUCCEEDED))
                .isEqualTo(1));
        assertThat(stores.ttl(LiveKeys.snapshot(done))).isPositive();
    }
}
