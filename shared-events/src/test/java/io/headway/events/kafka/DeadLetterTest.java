package io.headway.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void theRecordGoesToItsTopicsDeadLetterTopicAsItWasWithWhyAndWhereFrom() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.PROGRESS, 4, 1234L, "job-1",
                "{not json".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "ProgressReported".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<String, byte[]> dead = DeadLetter.of(record, "unreadable: unexpected end of input", "gateway-7");

        assertThat(dead.topic()).isEqualTo(Topics.PROGRESS + ".dlq");
        assertThat(dead.key()).isEqualTo("job-1");
        assertThat(dead.value()).isEqualTo(record.value());
        assertThat(dead.partition()).as("partitioned by its key, like any record").isNull();
        assertThat(text(dead.headers(), "ce_type")).isEqualTo("ProgressReported");
        assertThat(text(dead.headers(), DeadLetter.REASON)).isEqualTo("unreadable: unexpected end of input");
        assertThat(text(dead.headers(), DeadLetter.TOPIC)).isEqualTo(Topics.PROGRESS);
        assertThat(text(dead.headers(), DeadLetter.PARTITION)).isEqualTo("4");
        assertThat(text(dead.headers(), DeadLetter.OFFSET)).isEqualTo("1234");
        assertThat(text(dead.headers(), DeadLetter.READER)).isEqualTo("gateway-7");
        assertThat(record.headers().lastHeader(DeadLetter.REASON)).as("the record read is left as it was").isNull();
    }

    @Test
    void withoutAReaderThereIsNoReaderHeader() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.LOGS, 0, 0L, "job-2", new byte[0]);

        assertThat(DeadLetter.of(record, "empty").headers().lastHeader(DeadLetter.READER)).isNull();
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
