package io.headway.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.events.ExecutorHeartbeat;
import io.headway.events.kafka.CloudEventHeaders;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.executor.config.ExecutorConfig;
import io.headway.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The executor announces itself on the real executors topic, keyed by its id. */
@QuarkusTest
class HeartbeatTest {

    @Inject
    ExecutorConfig config;

    @Test
    void publishesItsHeartbeatRegularly() {
        String executorId = config.executorId();
        try (TopicReader executors = TopicReader.fromNow(Topics.EXECUTORS)) {
            var records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> executors.recordsWithKey(executorId), all -> all.size() >= 2);

            ConsumerRecord<String, byte[]> latest = records.getLast();
            ExecutorHeartbeat heartbeat = WireType.EXECUTORS.codec().decode(latest.value());
            assertThat(heartbeat.executorId()).isEqualTo(executorId);
            assertThat(heartbeat.capacity()).isEqualTo(config.capacity());
            assertThat(heartbeat.running()).isBetween(0, config.capacity());
            assertThat(CloudEventHeaders.read(latest.headers()).type()).isEqualTo("io.headway.ExecutorHeartbeat");
        }
    }
}
