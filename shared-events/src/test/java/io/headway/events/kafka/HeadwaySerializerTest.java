package io.headway.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.JobSnapshot;
import io.headway.events.ProgressEvent;
import io.headway.events.Samples;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class HeadwaySerializerTest {

    @Test
    void progressEventsCarryCloudEventsHeaders() {
        ProgressEvent event = Samples.progressEvents().getFirst();
        var headers = new RecordHeaders();

        byte[] value = new ProgressEventSerializer().serialize(Topics.PROGRESS, headers, event);

        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(CloudEventHeaders.read(headers)).isEqualTo(new CloudEventAttributes(event.eventId().toString(),
                "gateway", "io.headway.progress.JobSubmitted", Samples.AT, Samples.JOB));
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(new ProgressEventDeserializer().deserialize(Topics.PROGRESS, value)).isEqualTo(event);
    }

    @Test
    void everyWireTypeNamesItsSubject() {
        for (Object record : Samples.otherRecords()) {
            var headers = new RecordHeaders();
            serialize(record, headers);

            CloudEventAttributes attributes = CloudEventHeaders.read(headers);
            assertThat(attributes.id()).isNotBlank();
            assertThat(attributes.source()).isNotBlank();
            assertThat(attributes.type()).startsWith(CloudEventHeaders.TYPE_PREFIX)
                    .endsWith(record.getClass().getSimpleName());
            assertThat(attributes.time()).isEqualTo(Samples.AT);
            assertThat(attributes.subject()).isIn(Samples.JOB, "executor-1");
        }
    }

    @Test
    void snapshotIdsIdentifyTheVersionOfTheJob() {
        JobSnapshot snapshot = Samples.otherRecords().stream().filter(JobSnapshot.class::isInstance)
                .map(JobSnapshot.class::cast).findFirst().orElseThrow();
        var headers = new RecordHeaders();

        new JobSnapshotSerializer().serialize(Topics.JOB_STATE, headers, snapshot);

        assertThat(snapshot.sequence()).isEqualTo(13);
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.ID)).isEqualTo(Samples.JOB + ":13");
    }

    @Test
    void snapshotsSayWhoseJobTheyAreBeforeAnyoneDecodesThem() {
        JobSnapshot snapshot = Samples.otherRecords().stream().filter(JobSnapshot.class::isInstance)
                .map(JobSnapshot.class::cast).findFirst().orElseThrow();
        var headers = new RecordHeaders();

        new JobSnapshotSerializer().serialize(Topics.JOB_STATE, headers, snapshot);

        assertThat(JobStateHeaders.tenant(headers)).isEqualTo(snapshot.tenant()).isNotBlank();
        assertThat(JobStateHeaders.external(headers)).isEqualTo(snapshot.state().external());
        assertThat(JobStateHeaders.sequence(headers)).isEqualTo(snapshot.sequence());
        assertThat(JobStateHeaders.tenant(new RecordHeaders())).isNull();
        assertThat(JobStateHeaders.external(new RecordHeaders())).isFalse();
        assertThat(JobStateHeaders.sequence(new RecordHeaders())).isNull();
        headers.remove(JobStateHeaders.SEQUENCE).add(JobStateHeaders.SEQUENCE, "13a".getBytes(StandardCharsets.UTF_8));
        assertThat(JobStateHeaders.sequence(headers)).as("a sequence that is no number is no sequence").isNull();
    }

    @Test
    void tombstonesStayNullWithoutHeaders() {
        var headers = new RecordHeaders();

        assertThat(new ControlIntentSerializer().serialize(Topics.JOB_CONTROL, headers, null)).isNull();
        assertThat(headers.toArray()).isEmpty();
        assertThat(new ControlIntentDeserializer().deserialize(Topics.JOB_CONTROL, null)).isNull();
    }

    @SuppressWarnings("unchecked")
    private static <T> void serialize(Object record, RecordHeaders headers) {
        WireType<T> wireType = (WireType<T>) WireType.ALL.stream()
                .filter(w -> w.valueType() == record.getClass()).findFirst().orElseThrow();
        new HeadwaySerializer<>(wireType).serialize(wireType.defaultTopic(), headers, (T) record);
    }
}
