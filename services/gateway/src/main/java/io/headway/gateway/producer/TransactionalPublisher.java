package io.headway.gateway.producer;

import io.headway.events.kafka.ClientSettings;
import io.headway.tracing.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Writes groups of records atomically: every record of a {@link #publish} call is committed in one Kafka transaction
 * or none is. That is how a submission writes its {@code JobSubmitted} and its {@code JobRequest} together, so a job
 * is never visible without being runnable, or runnable without being visible.
 *
 * <p>A Kafka producer runs one transaction at a time, so one thread owns it and commits whatever calls are waiting in
 * a single transaction: under load, many submissions share one commit instead of queueing for one each. The
 * transactional id is unique per instance; instances never fence each other.
 */
@ApplicationScoped
public class TransactionalPublisher {

    private static final Logger LOG = Logger.getLogger(TransactionalPublisher.class);
    private static final int MAX_CALLS_PER_TRANSACTION = 500;

    /** Every {@code kafka.*} setting (bootstrap servers, security for a managed broker): the producer's base. */
    private final Map<String, Object> broker;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private Thread worker;

    private final TraceHeaders traces;

    public TransactionalPublisher(@Identifier(ClientSettings.BROKER) Map<String, Object> broker,
            OpenTelemetry openTelemetry) {
        this.broker = broker;
        this.traces = new TraceHeaders(openTelemetry);
    }

    private record Pending(List<ProducerRecord<String, byte[]>> records, CompletableFuture<Void> done) {
    }

    /**
     * Completes once the records are committed; fails if the transaction could not be. With tracing on, each record
     * carries the caller's trace (the HTTP request's), so the executor's and the aggregator's spans join it.
     */
    public Uni<Void> publish(List<ProducerRecord<String, byte[]>> records) {
        Context caller = Context.current();
        records.forEach(record -> traces.inject(caller, record.headers()));
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the gateway is shutting down"));
        } else {
            pending.add(new Pending(List.copyOf(records), done));
        }
        return Uni.createFrom().completionStage(done);
    }

    void start(@Observes StartupEvent start) {
        worker = Thread.ofPlatform().name("headway-transactions").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void run() {
        Producer<String, byte[]> producer = null;
        try {
            while (running || !pending.isEmpty()) {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> calls = new ArrayList<>(List.of(first));
                pending.drainTo(calls, MAX_CALLS_PER_TRANSACTION - 1);
                if (producer == null) {
                    try {
                        producer = newProducer();
                    } catch (KafkaException unavailable) {
                        fail(calls, unavailable);
                        continue;
                    }
                }
                producer = commit(producer, calls);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (producer != null) {
                producer.close();
            }
            Pending left;
            while ((left = pending.poll()) != null) {
                left.done().completeExceptionally(new IllegalStateException("the gateway is shutting down"));
            }
        }
    }

    /** Commits the calls together; returns the producer to use next, or null when the next call needs a new one. */
    private Producer<String, byte[]> commit(Producer<String, byte[]> producer, List<Pending> calls) {
        try {
            producer.beginTransaction();
            calls.forEach(call -> call.records().forEach(producer::send));
            producer.commitTransaction();
            calls.forEach(call -> call.done().complete(null));
            return producer;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            fail(calls, fatal);
            LOG.errorf("The transactional producer cannot continue (%s); the next call starts a new one",
                    fatal.toString());
            producer.close();
            return null;
        } catch (KafkaException e) {
            fail(calls, e);
            try {
                producer.abortTransaction();
                return producer;
            } catch (KafkaException abortFailed) {
                producer.close();
                return null;
            }
        }
    }

    private static void fail(List<Pending> calls, Exception cause) {
        LOG.warnf("A transaction of %d submission(s) failed: %s", calls.size(), cause.toString());
        calls.forEach(call -> call.done().completeExceptionally(cause));
    }

    private Producer<String, byte[]> newProducer() {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientSettings.of(broker, Map.<String, Object>of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "headway-gateway-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)), new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }
}
