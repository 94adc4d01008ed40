package io.headway.events.kafka;

import io.headway.events.Alert;
import io.headway.events.ControlIntent;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.JobRequest;
import io.headway.events.JobSnapshot;
import io.headway.events.LogBatch;
import io.headway.events.ProgressEvent;
import io.headway.events.codec.Codec;
import io.headway.events.codec.ProgressEventCodec;
import io.headway.events.codec.RecordCodec;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What travels on one topic: its value type, its codec, its default topic, and how a value maps to CloudEvents
 * attributes. The serializers and deserializers are generic over this.
 */
public final class WireType<T> {

    private static final String TYPE = CloudEventHeaders.TYPE_PREFIX;

    public static final WireType<ProgressEvent> PROGRESS = new WireType<>(ProgressEvent.class, Topics.PROGRESS,
            new ProgressEventCodec(), e -> new CloudEventAttributes(e.eventId().toString(), e.source(),
                    TYPE + "progress." + e.type(), e.occurredAt(), e.jobId()));

    public static final WireType<LogBatch> LOGS = new WireType<>(LogBatch.class, Topics.LOGS,
            new RecordCodec<>(LogBatch.class), b -> new CloudEventAttributes(b.batchId().toString(), b.source(),
                    TYPE + "LogBatch", b.sentAt(), b.jobId()));

    public static final WireType<JobRequest> JOB_REQUESTS = new WireType<>(JobRequest.class, Topics.JOB_REQUESTS,
            new RecordCodec<>(JobRequest.class), r -> new CloudEventAttributes(r.jobId(), "gateway",
                    TYPE + "JobRequest", r.submittedAt(), r.jobId()));

    public static final WireType<ControlIntent> JOB_CONTROL = new WireType<>(ControlIntent.class, Topics.JOB_CONTROL,
            new RecordCodec<>(ControlIntent.class), c -> new CloudEventAttributes(c.intentId().toString(), "gateway",
                    TYPE + "ControlIntent", c.requestedAt(), c.jobId()));

    public static final WireType<JobSnapshot> JOB_STATE = new WireType<>(JobSnapshot.class, Topics.JOB_STATE,
            new RecordCodec<>(JobSnapshot.class), s -> new CloudEventAttributes(s.jobId() + ":" + s.sequence(),
                    "aggregator", TYPE + "JobSnapshot",
                    s.state().updatedAt() != null ? s.state().updatedAt() : Instant.EPOCH, s.jobId()));

    public static final WireType<Alert> ALERTS = new WireType<>(Alert.class, Topics.ALERTS,
            new RecordCodec<>(Alert.class), a -> new CloudEventAttributes(
                    a.alertId() + ":" + a.state() + ":" + a.at().toEpochMilli(), "aggregator", TYPE + "Alert", a.at(),
                    a.key()));

    public static final WireType<ExecutorHeartbeat> EXECUTORS = new WireType<>(ExecutorHeartbeat.class,
            Topics.EXECUTORS, new RecordCodec<>(ExecutorHeartbeat.class), h -> new CloudEventAttributes(
                    h.executorId() + ":" + h.at().toEpochMilli(), h.executorId(), TYPE + "ExecutorHeartbeat",
                    h.at(), h.executorId()));

    /** Every wire type, one per topic of DESIGN.md. */
    public static final List<WireType<?>> ALL = List.of(PROGRESS, LOGS, JOB_REQUESTS, JOB_CONTROL, JOB_STATE, ALERTS,
            EXECUTORS);

    private final Class<T> valueType;
    private final String defaultTopic;
    private final Codec<T> codec;
    private final Function<T, CloudEventAttributes> attributes;

    private WireType(Class<T> valueType, String defaultTopic, Codec<T> codec,
            Function<T, CloudEventAttributes> attributes) {
        this.valueType = valueType;
        this.defaultTopic = defaultTopic;
        this.codec = codec;
        this.attributes = attributes;
    }

    public Class<T> valueType() {
        return valueType;
    }

    public String defaultTopic() {
        return defaultTopic;
    }

    public Codec<T> codec() {
        return codec;
    }

    public CloudEventAttributes attributes(T value) {
        return attributes.apply(value);
    }

    /**
     * A record as every Headway producer writes it (keyed, JSON value, CloudEvents headers), for producers that send
     * several wire types through one {@code byte[]} producer, such as a transaction spanning topics.
     */
    public ProducerRecord<String, byte[]> record(String topic, String key, T value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, codec.encode(value));
        CloudEventHeaders.write(record.headers(), attributes(value));
        return record;
    }

    @Override
    public String toString() {
        return valueType.getSimpleName() + "@" + defaultTopic;
    }
}
