package io.headway.events.kafka;

import io.headway.events.JobRequest;

/** Kafka deserializer for {@link JobRequest} values. */
public final class JobRequestDeserializer extends HeadwayDeserializer<JobRequest> {

    public JobRequestDeserializer() {
        super(WireType.JOB_REQUESTS);
    }
}
