package io.headway.aggregator.producer;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.fold.SnapshotJson;
import io.headway.events.JobSnapshot;
import io.headway.events.kafka.ClientSettings;
import io.headway.events.kafka.CloudEventHeaders;
import io.headway.events.kafka.JobStateHeaders;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobState;
import io.headway.tracing.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes job snapshots to the compacted job-state topic, keyed by job id, the moment a batch is folded, and pushes
 * them to the gateways over Redis ({@link LivePush}) in the same moment: the push is the live path, the topic the
 * durable record every gateway also reads, so the producer may gather 5 ms of snapshots per request. Coalescing happens
 * where it pays: a batch carries one snapshot per job (its latest), and the gateway coalesces for clients that read
 * slower than jobs change.
 *
 * <p>A plain Kafka producer, not a SmallRye emitter: every change of every job goes through here, and at 5,000
 * snapshots a second the emitter's per-message pipeline, not Kafka, was the limit (measured with
 * {@code bench pipeline}: snapshots fell tens of seconds behind while history kept up). {@code send} only appends to
 * the producer's buffer, which batches whatever queues while requests are in flight.
 *
 * <p>{@link #publish} returns a stage that completes when every given state, or a newer one of the same job, is on
 * the topic; the consumer acknowledges a batch only then, so a crash never loses a snapshot the topic should hold.
 * The producer retries on its own; a send that still fails is retried a second later with the job's state as it is
 * then, never an older one, so the topic cannot end on a stale snapshot. A send that can never succeed (not a
 * retriable error) is logged and skipped, so one bad record never holds the partition back.
 */
@ApplicationScoped
public class SnapshotPublisher {

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);
    private static final Executor RETRY_AFTER = CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final SnapshotJson json;
    private final LivePush push;

    private final Tracer tracer;
    private final TraceHeaders traces;

    public SnapshotPublisher(@Identifier(ClientSettings.BROKER) Map<String, Object> broker,
            AggregatorConfig config, SnapshotJson json, LivePush push, Tracer tracer, OpenTelemetry openTelemetry) {
        this.topic = config.topics().jobState();
        this.json = json;
        this.push = push;
        this.tracer = tracer;
        this.traces = new TraceHeaders(openTelemetry);
        this.producer = new KafkaProducer<>(ClientSettings.of(broker, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "aggregator-job-state",
                ProducerConfig.LINGER_MS_CONFIG,
                (int) linger(config.jobStateLinger(), config.livePush()).toMillis())),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The job-state producer's linger: as configured, else 5 ms (Kafka's own default) while the gateways have the
     * snapshots from the push already (LivePush) and the topic is the durable record and the way for everyone else,
     * where gathering them costs the producer's thread and the broker fewer requests; else 0, the topic being the
     * live path.
     */
    static Duration linger(Optional<Duration> configured, boolean livePush) {
        return configured.orElse(livePush ? Duration.ofMillis(5) : Duration.ZERO);
    }

    void stop(@Observes ShutdownEvent event) {
        producer.close(Duration.ofSeconds(10));
    }

    /**
     * Sends the states' snapshots now, in order, and pushes them to the gateways over Redis ({@link LivePush}); a
     * traced snapshot goes by the topic alone, so that its trace ends where the gateway hands it to its subscribers.
     *
     * @param current a job's latest state when a send must be retried (null: the failed one is still the latest)
     * @param traced  the trace context of a job's latest event, where it came with one: its snapshot continues
     *                that trace
     */
    public CompletionStage<Void> publish(List<JobState> states, Function<String, JobState> current,
            Map<String, Context> traced) {
        if (states.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] sends = new CompletableFuture<?>[states.size()];
        List<LivePush.Pushed> pushed = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            JobState state = states.get(i);
            Context parent = traced.get(state.jobId());
            sends[i] = parent == null ? send(state, current) : sendTraced(state, current, parent);
            if (parent == null) {
                pushed.add(new LivePush.Pushed(state, json.of(state)));
            }
        }
        push.push(pushed);
        return CompletableFuture.allOf(sends);
    }

    /** The fold's span: from the job's latest event to its snapshot on the topic, which carries it on. */
    private CompletableFuture<Void> sendTraced(JobState state, Function<String, JobState> current, Context parent) {
        Span span = tracer.spanBuilder("fold and publish snapshot").setSpanKind(SpanKind.PRODUCER).setParent(parent)
                .setAttribute("headway.job.id", state.jobId())
                .setAttribute("headway.job.status", state.status().name())
                .setAttribute("headway.events", state.eventCount())
                .startSpan();
        return send(state, current, parent.with(span)).whenComplete((ok, failure) -> span.end());
    }

    private CompletableFuture<Void> send(JobState state, Function<String, JobState> current) {
        return send(state, current, null);
    }

    private CompletableFuture<Void> send(JobState state, Function<String, JobState> current, Context trace) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        JobSnapshot snapshot = JobSnapshot.of(state);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, snapshot.jobId(), json.of(state));
        CloudEventHeaders.write(record.headers(), WireType.JOB_STATE.attributes(snapshot));
        JobStateHeaders.write(record.headers(), snapshot);
        if (trace != null) {
            traces.inject(trace, record.headers());
        }
        producer.send(record, (metadata, failure) -> {
            if (failure == null) {
                sent.complete(null);
                return;
            }
            if (!(failure instanceof RetriableException)) {
                // Retrying cannot help (a record too large, say; JobBounds keeps snapshots far below that): the
                // topic keeps the job's previous snapshot, history and Redis have the new state, and the batch moves on.
                LOG.errorf("The snapshot of job %s cannot be published and is skipped: %s", state.jobId(), failure);
                sent.complete(null);
                return;
            }
            LOG.warnf("Publishing the snapshot of job %s failed, retrying: %s", state.jobId(), failure);
            CompletableFuture.runAsync(() -> {
                JobState latest = current.apply(state.jobId());
                send(latest == null || latest.eventCount() < state.eventCount() ? state : latest, current)
                        .whenComplete((ok, again) -> sent.complete(null));
            }, RETRY_AFTER);
        });
        return sent;
    }
}
