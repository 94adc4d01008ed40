package io.headway.livestore;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.ExecutorHeartbeat;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.events.live.QueueCounts;
import io.headway.events.state.JobStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveStoreTest {

    private static final Instant AT = Instant.parse("2026-12-01T06:00:00Z");

    @Test
    void everyValueReadsBackAsItWasWritten() {
        var entry = new LogTailEntry(2, new LogLine(7, AT, LogStream.STDERR, LogLevel.WARN, "disk \"nearly\" full"));
        var counts = new QueueCounts("acme", Map.of(JobStatus.RUNNING, 3L));
        var batch = new BatchProgress("acme", "b-1", 4, Map.of(JobStatus.SUCCEEDED, 1L), 0.4, AT);
        var heartbeat = new ExecutorHeartbeat("ex-1", AT, 4, 1, 0, Map.of("demo", 1), false);

        assertThat(LiveValues.tailEntry(LiveValues.encode(entry))).isEqualTo(entry);
        assertThat(LiveValues.queueCounts(LiveValues.encode(counts))).isEqualTo(counts);
        assertThat(LiveValues.batch(LiveValues.encode(batch))).isEqualTo(batch);
        assertThat(LiveValues.heartbeat(LiveValues.encode(heartbeat))).isEqualTo(heartbeat);
    }

    @Test
    void oneJobsKeysShareAClusterSlotAndSoDoOneTenants() {
        assertThat(hashTag(LiveKeys.snapshot("j-1"))).isEqualTo(hashTag(LiveKeys.logs("j-1")))
                .isEqualTo(hashTag(LiveKeys.reportedLogSequence("j-1"))).isEqualTo("j-1");
        assertThat(hashTag(LiveKeys.activeJobs("acme"))).isEqualTo(hashTag(LiveKeys.queueCounts("acme")))
                .isEqualTo(hashTag(LiveKeys.batch("acme", "b-1"))).isEqualTo("acme");
    }

    @Test
    void aLaterAttemptsLogLinesComeAfterEveryLineOfAnEarlierOne() {
        assertThat(LiveKeys.logScore(2, 0)).isGreaterThan(LiveKeys.logScore(1, 999_999_999));
        assertThat(LiveKeys.logScore(1, 6)).isLessThan(LiveKeys.logScore(1, 7));
    }

    private static String hashTag(String key) {
        return key.substring(key.indexOf('{') + 1, key.indexOf('}'));
    }
}
