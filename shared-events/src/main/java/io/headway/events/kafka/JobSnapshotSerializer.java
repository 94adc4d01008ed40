package io.headway.events.kafka;

import io.headway.events.JobSnapshot;
import org.apache.kafka.common.header.Headers;

/** Kafka serializer for {@link JobSnapshot} values, with CloudEvents headers and {@link JobStateHeaders}. */
public final class JobSnapshotSerializer extends HeadwaySerializer<JobSnapshot> {

    public JobSnapshotSerializer() {
        super(WireType.JOB_STATE);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, JobSnapshot value) {
        if (value != null) {
            JobStateHeaders.write(headers, value);
        }
        return super.serialize(topic, headers, value);
    }
}
