package io.headway.events.kafka;

import io.headway.events.JobRequest;

/** Kafka serializer for {@link JobRequest} values, with CloudEvents headers. */
public final class JobRequestSerializer extends HeadwaySerializer<JobRequest> {

    public JobRequestSerializer() {
        super(WireType.JOB_REQUESTS);
    }
}
