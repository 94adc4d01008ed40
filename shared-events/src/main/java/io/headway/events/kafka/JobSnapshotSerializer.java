package io.headway.events.kafka;

import io.headway.events.JobSnapshot;

/** Kafka serializer for {@link JobSnapshot} values, with CloudEvents headers. */
public final class JobSnapshotSerializer extends HeadwaySerializer<JobSnapshot> {

    public JobSnapshotSerializer() {
        super(WireType.JOB_STATE);
    }
}
