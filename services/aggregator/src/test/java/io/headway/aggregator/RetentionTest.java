package io.headway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.JobSucceeded;
import io.headway.livestore.LiveKeys;
import io.headway.testing.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** TTLs for real, with a retention short enough to watch: active keys are refreshed, finished ones expire. */
@QuarkusTest
@TestProfile(RetentionTest.ShortRetention.class)
class RetentionTest extends StackTest {

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headway.aggregator.active-ttl", "20s", "headway.aggregator.terminal-retention", "3s");
        }
    }

    @Test
    void anActiveJobsKeysAreRefreshedByEveryChange() {
        String jobId = TestIds.jobId("ttl-active");
        Jobs job = new Jobs(jobId, "acme", null);
        progress.send(job.submitted(), job.started());
        await().atMost(PATIENCE).until(() -> stores.liveSnapshot(jobId) != null);
        Duration first = stores.ttl(LiveKeys.snapshot(jobId));
        await().atMost(Duration.ofSeconds(10)).until(() -> stores.ttl(LiveKeys.snapshot(jobId))
                .compareTo(first.minusSeconds(2)) < 0);

        progress.send(job.progress(null, 0.3));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stores.ttl(LiveKeys.snapshot(jobId)))
                .isGreaterThan(first.minusSeconds(1)));
    }

    @Test
    void aFinishedJobsKeysExpireAfterTheRetention() {
        String jobId = TestIds.jobId("ttl-done");
        Jobs job = new Jobs(jobId, "acme", null);
        progress.send(job.submitted(), job.started());
        await().atMost(PATIENCE).until(() -> stores.liveSnapshot(jobId) != null);

        progress.send(new JobSucceeded(UUID.randomUUID(), jobId, Instant.now(),
                "executor-1", "done"));

        await().atMost(Duration.ofSeconds(20)).until(() -> stores.liveSnapshot(jobId) == null);
        assertThat(stores.rows("SELECT status FROM jobs WHERE job_id = ?", jobId))
                .as("history keeps it").containsExactly(List.of("SUCCEEDED"));
    }
}
