package io.headway.gateway.stream;

import io.headway.events.Alert;
import io.headway.events.JobSnapshot;
import io.headway.events.LogBatch;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.JobStateHeaders;
import io.headway.events.kafka.WireType;
import io.headway.gateway.producer.DeadLetters;
import io.headway.gateway.store.LiveStore;
import io.headway.gateway.store.RecentSnapshots;
import io.headway.tracing.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.common.annotation.NonBlocking;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The three topics the live stream is made of, read by every gateway instance in full (a consumer group of its own,
 * from the latest record), so any instance can serve any client and instances scale out: job-state snapshots, log
 * batches and alerts. A record no one can read goes to its dead-letter topic with the reason; the feed goes on.
 * Snapshots also come ahead of the topic, pushed by the aggregator over Redis ({@link LiveSnapshots}, {@link
 * #pushed}); the topic stays their durable second way, for whatever a push missed.
 *
 * <p>Each feed runs on the event loop its channel delivers on ({@link NonBlocking}): nothing here waits, and a
 * hand-off to a worker thread per batch (Quarkus' default for a method returning {@code void}) cost two thread
 * wake-ups per snapshot at low rates, on a machine where a wake-up is what the live path pays most for.
 */
@ApplicationScoped
public class StreamFeeds {

    public static final String JOB_STATE = "job-state-feed";
    public static final String LOGS = "logs-feed";
    public static final String ALERTS = "alerts-feed";

    private static final Logger LOG = Logger.getLogger(StreamFeeds.class);

    private final Hub hub;
    private final LiveStore live;
    private final DeadLetters deadLetters;
    private final RecentSnapshots recent;
    private final Codec<JobSnapshot> snapshots = WireType.JOB_STATE.codec();
    private final Codec<LogBatch> logBatches = WireType.LOGS.codec();
    private final Codec<Alert> alerts = WireType.ALERTS.codec();

    private final Tracer tracer;
    private final TraceHeaders traces;

    public StreamFeeds(Hub hub, LiveStore live, DeadLetters deadLetters, RecentSnapshots recent, Tracer tracer,
            OpenTelemetry openTelemetry) {
        this.hub = hub;
        this.live = live;
        this.deadLetters = deadLetters;
        this.recent = recent;
        this.tracer = tracer;
        this.traces = new TraceHeaders(openTelemetry);
    }

    /**
     * Snapshots are forwarded as they came: only their head is read, to route them, and not even that for a tenant
     * none of this instance's clients follows, or for a snapshot the aggregator's push brought first ({@link
     * #pushed}; the record's headers name the tenant and the sequence). Every one is kept a while as the job's most
     * recent state, for REST and new subscriptions ({@link RecentSnapshots}).
     *
     * <p>A job's end goes out after the rest of its batch: it flushes what a coalescing subscription holds at once, and
     * a batch holds several partitions, so another job's newer state may come after it in the batch although it was
     * written first. Within one job nothing follows its end, so its order is kept.
     */
    @Incoming(JOB_STATE)
    @NonBlocking
    public void snapshots(ConsumerRecords<String, byte[]> batch) {
        List<End> ends = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            String jobId = record.key();
            if (record.value() == null) {
                if (jobId != null) {
                    recent.forget(jobId);
                }
                continue;
            }
            Long sequence = JobStateHeaders.sequence(record.headers());
            if (jobId != null && sequence != null && !recent.offer(jobId, sequence, record.value())) {
                continue;
            }
            String tenant = JobStateHeaders.tenant(record.headers());
            if (tenant != null && jobId != null && !hub.anyoneFollows(jobId, tenant)) {
                continue;
            }
            SnapshotHead head = head(record);
            if (head == null || sequence == null && !recent.offer(head.jobId(), head.sequence(), record.value())) {
                continue;
            }
            if (head.ended()) {
                ends.add(new End(record, head));
            } else {
                deliver(record, head);
            }
        }
        ends.forEach(end -> deliver(end.record(), end.head()));
    }

    /**
     * A snapshot the aggregator pushed over its tenant's Redis channel as it folded it, ahead of the same snapshot on
     * {@code headway.job-state} ({@link LiveSnapshots}); whichever comes first is routed, the other skipped. One that
     * cannot be read is left to the topic, which dead-letters its copy.
     */
    public void pushed(String tenant, byte[] json) {
        if (!hub.anyoneOf(tenant)) {
            return;
        }
        SnapshotHead head;
        try {
            head = SnapshotHead.read(json);
        } catch (RuntimeException e) {
            LOG.debugf("An unreadable snapshot pushed for tenant %s is left to job-state: %s", tenant, e);
            return;
        }
        if (tenant.equals(head.route().tenant()) && recent.offer(head.jobId(), head.sequence(), json)) {
            route(head, new String(json, StandardCharsets.UTF_8));
        }
    }

    /** A job's end, held back until the rest of its batch is delivered. */
    private record End(ConsumerRecord<String, byte[]> record, SnapshotHead head) {
    }

    /** The head of a snapshot, or null when it cannot be read: then the record is dead-lettered. */
    private SnapshotHead head(ConsumerRecord<String, byte[]> record) {
        try {
            return SnapshotHead.read(record.value());
        } catch (RuntimeException e) {
            deadLetters.send(record, e);
            return null;
        }
    }

    /** Routes one snapshot to its subscribers; what fails is dead-lettered and the feed goes on. */
    private void deliver(ConsumerRecord<String, byte[]> record, SnapshotHead head) {
        try {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            if (TraceHeaders.traced(record.headers())) {
                push(record, head, json);
            } else {
                route(head, json);
            }
        } catch (RuntimeException e) {
            deadLetters.send(record, e);
        }
    }

    /** Hands a snapshot to its subscribers' outboxes, its frame encoded once for all of them. */
    private void route(SnapshotHead head, String json) {
        hub.snapshot(head, Frame.snapshot(head.jobId(), head.sequence(), json));
    }

    /** A traced snapshot's hand-over to its subscribers' outboxes, as the last span of the job's trace. */
    private void push(ConsumerRecord<String, byte[]> record, SnapshotHead head, String json) {
        Span span = tracer.spanBuilder("websocket push").setSpanKind(SpanKind.CONSUMER)
                .setParent(traces.extract(record.headers()))
                .setAttribute("headway.job.id", head.jobId())
                .setAttribute("headway.snapshot.sequence", head.sequence())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            route(head, json);
        } finally {
            span.end();
        }
    }

    @Incoming(LOGS)
    @NonBlocking
    public void logs(ConsumerRecords<String, byte[]> batch) {
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (record.value() == null) {
                continue;
            }
            try {
                route(logBatches.decode(record.value()));
            } catch (RuntimeException e) {
                // One unreadable or odd record is dead-lettered; it must never stop the feed for every client.
                deadLetters.send(record, e);
            }
        }
    }

    private void route(LogBatch logs) {
        if (logs.jobId() == null || logs.jobId().isBlank()) {
            throw new IllegalArgumentException("invalid LogBatch: jobId is missing");
        }
        Hub.Route route = hub.route(logs.jobId());
        if (route != null) {
            hub.logs(logs, route);
        } else if (hub.anyoneFollows(logs.jobId(), null)) {
            live.snapshot(logs.jobId()).subscribe().with(found -> found.ifPresent(json -> {
                JobSnapshot snapshot = snapshots.decode(json.getBytes(StandardCharsets.UTF_8));
                hub.learn(snapshot.state());
                Hub.Route learned = hub.route(logs.jobId());
                if (learned != null) {
                    hub.logs(logs, learned);
                }
            }), failure -> { });
        }
    }

    @Incoming(ALERTS)
    @NonBlocking
    public void alerts(ConsumerRecords<String, byte[]> batch) {
        for (ConsumerRecord<String, byte[]> record : batch) {
            try {
                hub.alert(alerts.decode(record.value()));
            } catch (RuntimeException e) {
                deadLetters.send(record, e);
            }
        }

    }
}
