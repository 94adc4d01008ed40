package io.headway.events.kafka;

import io.headway.events.JobSnapshot;

/** Kafka deserializer for {@link JobSnapshot} values. */
public final class JobSnapshotDeserializer extends HeadwayDeserializer<JobSnapshot> {

    public JobSnapshotDeserializer() {
        super(WireType.JOB_STATE);
    }
}
