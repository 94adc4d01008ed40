package io.headway.livestore;

import io.headway.events.ExecutorHeartbeat;
import io.headway.events.codec.Codec;
import io.headway.events.codec.RecordCodec;
import io.headway.events.kafka.WireType;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.events.live.QueueCounts;
import java.nio.charset.StandardCharsets;

/**
 * How each value of the live state is written to Redis and read back ({@link LiveKeys} says where): JSON text, the
 * same codecs the events use, so the aggregator's writes and the gateway's reads cannot drift apart. Snapshots are
 * not here: they are stored as the exact {@code JobSnapshot} bytes the job-state topic carries.
 */
public final class LiveValues {

    private static final Codec<LogTailEntry> TAIL_ENTRIES = new RecordCodec<>(LogTailEntry.class);
    private static final Codec<QueueCounts> QUEUES = new RecordCodec<>(QueueCounts.class);
    private static final Codec<BatchProgress> BATCHES = new RecordCodec<>(BatchProgress.class);
    private static final Codec<ExecutorHeartbeat> HEARTBEATS = WireType.EXECUTORS.codec();

    private LiveValues() {
    }

    public static String encode(LogTailEntry entry) {
        return text(TAIL_ENTRIES.encode(entry));
    }

    public static String encode(QueueCounts counts) {
        return text(QUEUES.encode(counts));
    }

    public static String encode(BatchProgress batch) {
        return text(BATCHES.encode(batch));
    }

    public static String encode(ExecutorHeartbeat heartbeat) {
        return text(HEARTBEATS.encode(heartbeat));
    }

    public static LogTailEntry tailEntry(String value) {
        return TAIL_ENTRIES.decode(bytes(value));
    }

    public static QueueCounts queueCounts(String value) {
        return QUEUES.decode(bytes(value));
    }

    public static BatchProgress batch(String value) {
        return BATCHES.decode(bytes(value));
    }

    public static ExecutorHeartbeat heartbeat(String value) {
        return HEARTBEATS.decode(bytes(value));
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
