package io.headway.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void theTimeIsWrittenToTheMillisecondInTheFormInstantToStringGives() {
        for (String time : new String[] {"2026-12-02T09:00:00Z", "2026-12-02T09:00:00.120Z",
                "2026-12-02T09:00:00.123456789Z", "+10000-01-01T00:00:00.001Z"}) {
            Instant instant = Instant.parse(time);
            RecordHeaders headers = new RecordHeaders();
            CloudEventHeaders.write(headers, new CloudEventAttributes("id-1", "gateway", "JobStarted", instant,
                    "job-1"));

            Instant toTheMillisecond = instant.truncatedTo(ChronoUnit.MILLIS);
            assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.TIME)).isEqualTo(toTheMillisecond.toString());
            assertThat(CloudEventHeaders.read(headers).time()).isEqualTo(toTheMillisecond);
        }
    }
}
