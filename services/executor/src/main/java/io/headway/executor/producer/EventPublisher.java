package io.headway.executor.producer;

import io.headway.events.LogBatch;
import io.headway.events.ProgressEvent;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends a job's events to {@code headway.progress} and its log batches to {@code headway.logs}, keyed by job id. Each
 * send is handed to the producer at once, in call order, so one job's events keep their order.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String PROGRESS = "progress";
    public static final String LOGS = "logs";

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final MutinyEmitter<ProgressEvent> progress;
    private final MutinyEmitter<LogBatch> logs;
    private final JobTraces traces;

    public EventPublisher(@Channel(PROGRESS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<ProgressEvent> progress,
            @Channel(LOGS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<LogBatch> logs,
            JobTraces traces) {
        this.progress = progress;
        this.logs = logs;
        this.traces = traces;
    }

    /** Completes when Kafka has the event. With tracing on, the event joins its job's trace ({@link JobTraces}). */
    public CompletionStage<Void> event(ProgressEvent event) {
        Message<ProgressEvent> message = KafkaRecord.of(event.jobId(), event);
        Context trace = traces.of(event.jobId());
        if (trace != null) {
            message = message.addMetadata(TracingMetadata.withCurrent(trace));
            if (event.isTerminal()) {
                traces.end(event.jobId());
            }
        }
        return progress.sendMessage(message).subscribeAsCompletionStage()
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warnf("Could not send %s of job %s: %s", event.type(), event.jobId(), failure);
                    }
                });
    }

    public void logs(LogBatch batch) {
        logs.sendMessage(KafkaRecord.of(batch.jobId(), batch)).subscribe().with(
                ok -> { },
                failure -> LOG.warnf("Could not send %d log lines of job %s: %s", batch.lines().size(),
                        batch.jobId(), failure));
    }
}
