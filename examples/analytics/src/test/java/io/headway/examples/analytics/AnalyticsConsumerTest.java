package io.headway.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.JobFailed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The example consumer against the real local Kafka: ten jobs of a type of its own, eight succeeding. */
class AnalyticsConsumerTest {

    @Test
    void itCountsEachTypesOutcomesAndRunTimes() throws Exception {
        String type = TestIds.jobId("analytics");
        Instant start = Instant.parse("2026-12-01T08:00:00Z");
        try (AnalyticsConsumer analytics = new AnalyticsConsumer(LocalStack.kafkaBootstrap(),
                "analytics-test-" + UUID.randomUUID(), "latest");
                var producer = new KafkaProducer<>(Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()),
                        new StringSerializer(), new ByteArraySerializer())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                analytics.poll(Duration.ofMillis(100));
                return analytics.assigned();
            });

            for (int i = 1; i <= 10; i++) {
                String jobId = TestIds.jobId(type);
                Instant end = start.plusSeconds(i);
                ProgressEvent terminal = i <= 8
                        ? new JobSucceeded(UUID.randomUUID(), jobId, end, "test", null)
                        : new JobFailed(UUID.randomUUID(), jobId, end, "test", "broke", 1, false);
                for (ProgressEvent event : List.of(
                        new JobSubmitted(UUID.randomUUID(), jobId, start.minusSeconds(5), "test", "acme", type,
                                Map.of(), 0, null, Map.of(), List.of(), true),
                        new JobStarted(UUID.randomUUID(), jobId, start, "test", 1, "ex", List.of()),
                        terminal)) {
                    producer.send(WireType.PROGRESS.record(Topics.PROGRESS, jobId, event)).get();
                }
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                analytics.poll(Duration.ofMillis(100));
                var outcomes = analytics.stats().byType().get(type);
                return outcomes != null && outcomes.ended() == 10;
            });
            TypeStats.Outcomes outcomes = analytics.stats().byType().get(type);
            assertThat(outcomes.successRate()).isEqualTo(0.8);
            assertThat(outcomes.runMillisAt(50)).isBetween(4_995L, 5_005L);
            assertThat(outcomes.runMillisAt(90)).isBetween(8_990L, 9_010L);
            assertThat(outcomes.runMillisAt(100)).isBetween(9_990L, 10_010L);
        }
    }
}
