package io.headway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class JobStateFeedFetchTest {

    @Test
    void withThePushTheFeedFetchesInBulk() {
        Map<String, Object> consumer = new JobStateFeedFetch(true).customize(StreamFeeds.JOB_STATE, null, consumer());

        assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250);
    }

    @Test
    void withoutThePushTheFeedFetchesFromOneRecordAndHoldsAnIdleFetchLong() {
        Map<String, Object> consumer = new JobStateFeedFetch(false).customize(StreamFeeds.JOB_STATE, null, consumer());

        assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5000);
    }

    @Test
    void aSettingGivenInConfigurationIsKept() {
        Map<String, Object> configured = consumer();
        configured.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "40");

        Map<String, Object> consumer = new JobStateFeedFetch(false).customize(StreamFeeds.JOB_STATE, null, configured);

        assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "40")
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
    }

    @Test
    void otherChannelsAndProducersAreLeftAlone() {
        Map<String, Object> logs = new JobStateFeedFetch(true).customize(StreamFeeds.LOGS, null, consumer());
        Map<String, Object> producer = new HashMap<>(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        new JobStateFeedFetch(true).customize(StreamFeeds.JOB_STATE, null, producer);

        assertThat(logs).doesNotContainKeys(ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
        assertThat(producer).containsOnlyKeys(ProducerConfig.ACKS_CONFIG);
    }

    private static Map<String, Object> consumer() {
        return new HashMap<>(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "headway-gateway-test"));
    }
}
