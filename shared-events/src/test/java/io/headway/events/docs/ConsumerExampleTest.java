package io.headway.events.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.kafka.Topics;
import io.headway.events.reporter.JobReporter;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The README's consumer example works against the real broker, even past a record it cannot read. */
class ConsumerExampleTest {

    @Test
    void theExampleSeesAReportedJobSucceedPastUnreadableAndEmptyRecords() {
        String jobId = TestIds.jobId("docs-consumer");
        try (var raw = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.PROGRESS, jobId, "garbage".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(Topics.PROGRESS, jobId, null));
            raw.send(new ProducerRecord<>(Topics.PROGRESS, jobId, new byte[0]));
        }
        try (JobReporter job = JobReporter.builder(LocalStack.kafkaBootstrap(), "acme", "docs").jobId(jobId)
                .start()) {
            job.succeed("ok");
        }
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));

        ConsumerExample.watchSucceededJobs(LocalStack.kafkaBootstrap(), TestIds.jobId("docs-consumer-group"),
                succeeded::add, () -> !succeeded.contains(jobId) && Instant.now().isBefore(giveUp));

        assertThat(succeeded).contains(jobId);
    }
}
