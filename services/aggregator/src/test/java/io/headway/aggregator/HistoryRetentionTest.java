package io.headway.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.artifacts.ArtifactKeys;
import io.headway.artifacts.ArtifactStore;
import io.headway.testing.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * History retention for real: a job that ended longer ago than the retention leaves the history, everything recorded
 * about it and its artifacts; one still running stays. The retention is set so long (about 25 years) that only this
 * test's jobs, which happened in the year 2000, are old enough: nothing else in the shared stack is touched.
 */
@QuarkusTest
@TestProfile(HistoryRetentionTest.AncientHistoryOnly.class)
class HistoryRetentionTest extends StackTest {

    private static final Instant Y2K = Instant.parse("2000-01-01T00:00:00Z");

    public static class AncientHistoryOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headway.aggregator.history-retention", "9000d",
                    "headway.aggregator.retention-check-interval", "1s");
        }
    }

    @Inject
    ArtifactStore artifacts;

    @Test
    void aJobThatEndedLongerAgoThanTheRetentionLeavesTheHistoryWithItsArtifacts() throws Exception {
        String ended = TestIds.jobId("retention-ended");
        String running = TestIds.jobId("retention-running");
        Jobs old = new Jobs(ended, "acme", null, Y2K);
        Jobs stillRunning = new Jobs(running, "acme", null, Y2K);
        String report = ArtifactKeys.content(ended, "e".repeat(64));
        artifacts.put(report, Files.writeString(Files.createTempFile("report", ".txt"), "old"), "text/plain");

        progress.send(stillRunning.submitted(), stillRunning.started());
        progress.send(old.submitted(), old.started(), old.succeeded());

        await().atMost(PATIENCE).until(() -> stores.count("SELECT count(*) FROM job_events WHERE job_id = ?",
                running) == 2);
        await().atMost(PATIENCE).until(() -> artifacts.size(report).isEmpty()
                && stores.count("SELECT count(*) FROM jobs WHERE job_id = ?", ended) == 0);
        assertThat(stores.count("SELECT count(*) FROM job_events WHERE job_id = ?", ended)).isZero();
        assertThat(stores.count("SELECT count(*) FROM jobs WHERE job_id = ?", running))
                .as("a job that has not ended is kept however old").isEqualTo(1);
    }
}
