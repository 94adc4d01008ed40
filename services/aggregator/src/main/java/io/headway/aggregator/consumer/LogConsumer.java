package io.headway.aggregator.consumer;

import io.headway.aggregator.consumer.RecordBatches.Decoded;
import io.headway.aggregator.store.LiveStateWriter;
import io.headway.events.LogBatch;
import io.headway.events.kafka.WireType;
import io.headway.history.HistoryWriter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code headway.logs} in batches: every line goes to the {@code job_logs} history, and the newest lines of
 * each job to its live tail in Redis. Both writes are keyed by (job, attempt, sequence), so a redelivered batch adds
 * nothing twice.
 */
@ApplicationScoped
public class LogConsumer {

    /** The incoming channel, bound to {@code headway.logs} in configuration. */
    public static final String CHANNEL = "logs";

    private final HistoryWriter history;
    private final LiveStateWriter live;
    private final RecordBatches batches;

    public LogConsumer(HistoryWriter history, LiveStateWriter live, RecordBatches batches) {
        this.history = history;
        this.live = live;
        this.batches = batches;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return batches.process(batch, WireType.LOGS.codec(), "writing log lines", decoded -> {
            List<LogBatch> logs = decoded.stream().map(Decoded::value).toList();
            return history.writeLogs(logs).chain(() -> live.writeLogs(logs))
                    .map(written -> CompletableFuture.<Void>completedFuture(null));
        });
    }
}
