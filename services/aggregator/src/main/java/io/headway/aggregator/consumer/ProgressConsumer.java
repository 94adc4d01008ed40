package io.headway.aggregator.consumer;

import io.headway.aggregator.domain.OffsetEvent;
import io.headway.aggregator.fold.BatchFolder;
import io.headway.events.kafka.WireType;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code headway.progress} in batches and hands the events to the {@link BatchFolder}. Batches are processed
 * one at a time, so each job's events are folded in log order; a record no one can read goes to
 * {@code headway.progress.dlq} and the rest of its batch goes on ({@link RecordBatches}).
 */
@ApplicationScoped
public class ProgressConsumer {

    /** The incoming channel, bound to {@code headway.progress} in configuration. */
    public static final String CHANNEL = "progress";

    private final BatchFolder folder;
    private final RecordBatches batches;

    public ProgressConsumer(BatchFolder folder, RecordBatches batches) {
        this.folder = folder;
        this.batches = batches;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return batches.process(batch, WireType.PROGRESS.codec(), "folding progress events",
                decoded -> folder.fold(decoded.stream()
                        .map(d -> new OffsetEvent(d.partition(), d.offset(), d.value()))
                        .toList()));
    }
}
