package io.headway.events.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.ProgressEvent;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobStatus;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import io.headway.testing.TopicReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReporterExampleTest {

    @Test
    void theExampleReportsASucceededJob() {
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            String jobId = TestIds.jobId("docs-reporter");
            ReporterExample.reportNightlyImport(LocalStack.kafkaBootstrap(), jobId);

            List<ProgressEvent> events = await().atMost(Duration.ofSeconds(20)).until(
                    () -> progress.recordsWithKey(jobId).stream()
                            .map(r -> WireType.PROGRESS.codec().decode(r.value())).toList(),
                    all -> all.size() == 12);

            assertThat(JobReducer.fold(jobId, events).status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(JobReducer.fold(jobId, events).units().current()).isEqualTo(5000);
        }
    }
}
