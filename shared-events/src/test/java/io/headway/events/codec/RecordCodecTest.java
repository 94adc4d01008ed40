package io.headway.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headway.events.LogBatch;
import io.headway.events.Samples;
import io.headway.events.kafka.WireType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    @Test
    void everyWireRecordRoundTripsUnchanged() {
        for (Object record : Samples.otherRecords()) {
            WireType<?> wireType = WireType.ALL.stream()
                    .filter(w -> w.valueType() == record.getClass()).findFirst().orElseThrow();

            assertThat(roundTrip(wireType, record)).as(wireType.toString()).isEqualTo(record);
        }
    }

    @Test
    void aBadRecordIsRejectedWithAReason() {
        var codec = new RecordCodec<>(LogBatch.class);

        assertThatThrownBy(() -> codec.decode("{\"jobId\":\"j1\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("invalid LogBatch: batchId is required");
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(WireType<T> wireType, Object record) {
        return wireType.codec().decode(wireType.codec().encode((T) record));
    }
}
