package io.headway.aggregator.consumer;

import io.headway.aggregator.domain.OffsetEvent;
import io.headway.aggregator.fold.BatchFolder;
import io.headway.events.ProgressEvent;
import io.headway.events.kafka.WireType;
import io.headway.tracing.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code headway.progress} in batches and hands the events to the {@link BatchFolder}. Batches are processed
 * one at a time, so each job's events are folded in log order; a record no one can read, or an event that came on
 * another partition than its job's, goes to {@code headway.progress.dlq} with the reason and the rest of its batch
 * goes on ({@link RecordBatches}).
 */
@ApplicationScoped
public class ProgressConsumer {

    /** The incoming channel, bound to {@code headway.progress} in configuration. */
    public static final String CHANNEL = "progress";

    private final BatchFolder folder;
    private final RecordBatches batches;

    private final TraceHeaders traces;

    public ProgressConsumer(BatchFolder folder, RecordBatches batches, OpenTelemetry openTelemetry) {
        this.folder = folder;
        this.batches = batches;
        this.traces = new TraceHeaders(openTelemetry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return batches.process(batch, WireType.PROGRESS.codec(), "folding progress events", decoded -> {
            Map<OffsetEvent, ConsumerRecord<String, byte[]>> records = new IdentityHashMap<>();
            List<OffsetEvent> events = new ArrayList<>(decoded.size());
            Map<String, Context> traced = new HashMap<>();
            long newest = 0;
            for (RecordBatches.Decoded<ProgressEvent> d : decoded) {
                OffsetEvent event = new OffsetEvent(d.partition(), d.offset(), d.value(), d.record().value());
                records.put(event, d.record());
                events.add(event);
                newest = Math.max(newest, d.record().timestamp());
                if (TraceHeaders.traced(d.record().headers())) {
                    traced.put(d.value().jobId(), traces.extract(d.record().headers()));
                }
            }
            return folder.fold(events, Instant.ofEpochMilli(newest), traced, refusals -> {
                Map<ConsumerRecord<String, byte[]>, String> rejected = new IdentityHashMap<>();
                refusals.forEach(r -> rejected.put(records.get(r.event()), r.reason()));
                return batches.reject(rejected);
            });
        });
    }
}
