package io.headway.executor.consumer;

import io.headway.events.JobRequest;
import io.headway.events.codec.Codec;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.kafka.WireType;
import io.headway.executor.producer.JobTraces;
import io.headway.executor.supervisor.JobSupervisor;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes job requests from {@code headway.job-requests}, shared by all executors as one consumer group. A request is
 * acknowledged when its job ends, not when it arrives; an unreadable one goes to {@code headway.job-requests.dlq}.
 * Nothing is admitted before this instance has read its tables to the end ({@link TableCatchUp}).
 */
@ApplicationScoped
public class JobRequestConsumer {

    public static final String CHANNEL = "job-requests";

    private final Codec<JobRequest> codec = WireType.JOB_REQUESTS.codec();
    private final JobSupervisor supervisor;
    private final TableCatchUp tables;

    private final JobTraces traces;

    public JobRequestConsumer(JobSupervisor supervisor, TableCatchUp tables, JobTraces traces) {
        this.supervisor = supervisor;
        this.tables = tables;
        this.traces = traces;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        JobRequest request;
        try {
            request = codec.decode(record.getPayload());
        } catch (EventDecodingException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        TracingMetadata.fromMessage(record)
                .ifPresent(trace -> traces.begin(request.jobId(), trace.getCurrentContext()));
        return tables.ready().chain(() -> supervisor.admit(request, record));
    }
}
