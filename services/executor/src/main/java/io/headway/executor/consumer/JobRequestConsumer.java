package io.headway.executor.consumer;

import io.headway.events.JobRequest;
import io.headway.events.codec.Codec;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.kafka.ClientSettings;
import io.headway.events.kafka.DeadLetter;
import io.headway.events.kafka.WireType;
import io.headway.executor.config.ExecutorConfig;
import io.headway.executor.producer.JobTraces;
import io.headway.executor.supervisor.JobSupervisor;
import io.headway.tracing.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Takes job requests from {@code headway.job-requests} through a Kafka share group that every executor joins
 * (KIP-932): the broker hands each request to whichever member asks, and this instance asks for one request at a
 * time, only while it has room for another job ({@link JobSupervisor#room()}). A request therefore never waits for a
 * busy instance while another is free, which a consumer group, sharing by partition, cannot promise.
 *
 * <p>A request is accepted once the supervisor has claimed its job (or found it needs no running); if the claim cannot
 * be written it is released, for any instance to take. An unreadable request goes to
 * {@code headway.job-requests.dlq} with the reason and is rejected. Nothing is taken before this instance has read its
 * tables to the end ({@link TableCatchUp}). Jobs outlive the broker's acquisition lock, which is why a request is
 * accepted at once rather than held while its job runs: failover is the aggregator's ({@code docs/architecture.md}).
 */
@ApplicationScoped
public class JobRequestConsumer {

    private static final Logger LOG = Logger.getLogger(JobRequestConsumer.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration CLOSING = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Codec<JobRequest> codec = WireType.JOB_REQUESTS.codec();
    private final JobSupervisor supervisor;
    private final TableCatchUp tables;
    private final JobTraces traces;
    private final TraceHeaders traceHeaders;
    private final Map<String, Object> broker;
    private final ExecutorConfig config;
    private volatile boolean running = true;
    /** Released when the instance stops: a wait before trying again ends at once. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaShareConsumer<String, byte[]> consumer;
    private Thread thread;
    private KafkaProducer<String, byte[]> deadLetters;

    public JobRequestConsumer(JobSupervisor supervisor, TableCatchUp tables, JobTraces traces,
            OpenTelemetry openTelemetry, @Identifier(ClientSettings.BROKER) Map<String, Object> broker,
            ExecutorConfig config) {
        this.supervisor = supervisor;
        this.tables = tables;
        this.traces = traces;
        this.traceHeaders = new TraceHeaders(openTelemetry);
        this.broker = broker;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        thread = Thread.ofPlatform().name("job-requests").daemon().start(this::takeRequests);
    }

    /**
     * Before the supervisor's own shutdown: no request is taken once it begins handing jobs back. The thread is woken,
     * not interrupted, so that the consumer closes cleanly and gives back what it fetched ahead at once.
     */
    void stop(@Observes @Priority(100) ShutdownEvent event) throws InterruptedException {
        running = false;
        stopped.countDown();
        KafkaShareConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(Duration.ofSeconds(10));
    }

    private void takeRequests() {
        try {
            tables.ready().await().indefinitely();
            supervisor.handOverLeftovers();
            configureGroup();
            LOG.infof("Taking job requests from %s in share group %s", config.topics().jobRequests(),
                    config.requestsGroup());
            while (running) {
                try {
                    if (awaitRoom()) {
                        takeWhileThereIsRoom();
                    }
                } catch (KafkaException | IllegalStateException e) {
                    if (running && !(e instanceof WakeupException || e instanceof InterruptException)) {
                        LOG.warnf("Taking job requests failed (trying again in a second): %s", e.toString());
                        stopped.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException stopping) {
            LOG.debug("Stopped taking job requests");
        } finally {
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Whether this instance has room for one more job, waiting a poll's time at most. */
    private boolean awaitRoom() {
        try {
            supervisor.room().toCompletableFuture().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillFull) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Takes requests as a member of the share group for as long as this instance has room, then leaves the group. The
     * client fetches ahead (a record of each partition it is assigned), and records it fetched but did not hand out
     * stay locked to it until it polls again or the lock ends (30 s): closing gives them back at once, without
     * counting a delivery, for a member with room to take. Joining again takes a heartbeat or two (the local stack
     * beats every half second).
     */
    private void takeWhileThereIsRoom() {
        try (KafkaShareConsumer<String, byte[]> shared = new KafkaShareConsumer<>(settings(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = shared;
            shared.subscribe(List.of(config.topics().jobRequests()));
            while (running && supervisor.hasRoom()) {
                for (ConsumerRecord<String, byte[]> record : shared.poll(POLL)) {
                    shared.acknowledge(record, take(record));
                }
                shared.commitAsync();
            }
            shared.commitSync(CLOSING);
        } finally {
            consumer = null;
        }
    }

    /** Takes one request: how to acknowledge it. */
    private AcknowledgeType take(ConsumerRecord<String, byte[]> record) {
        JobRequest request;
        try {
            request = codec.decode(record.value());
        } catch (EventDecodingException e) {
            deadLetter(record, e.getMessage());
            return AcknowledgeType.REJECT;
        }
        if (TraceHeaders.traced(record.headers())) {
            traces.begin(request.jobId(), traceHeaders.extract(record.headers()));
        }
        try {
            supervisor.take(request).toCompletableFuture().join();
            return AcknowledgeType.ACCEPT;
        } catch (CompletionException e) {
            LOG.warnf("Could not claim job %s; its request goes back for any executor: %s", request.jobId(),
                    e.getCause());
            return AcknowledgeType.RELEASE;
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("An unreadable job request (%s-%d@%d) goes to the dead-letter topic: %s", record.topic(),
                record.partition(), record.offset(), reason);
        if (deadLetters == null) {
            deadLetters = new KafkaProducer<>(ClientSettings.of(broker, Map.<String, Object>of(
                    ProducerConfig.CLIENT_ID_CONFIG, config.executorId() + "-dead-letters")),
                    new StringSerializer(), new ByteArraySerializer());
        }
        try {
            deadLetters.send(DeadLetter.of(record, reason, config.executorId())).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("The unreadable request %s-%d@%d could not be dead-lettered either: %s", record.topic(),
                    record.partition(), record.offset(), e);
        }
    }

    private Map<String, Object> settings() {
        // One record per poll, acknowledged one by one: the instance takes no more than it has room for.
        return ClientSettings.of(broker, Map.<String, Object>of(
                ConsumerConfig.GROUP_ID_CONFIG, config.requestsGroup(),
                ConsumerConfig.CLIENT_ID_CONFIG, config.executorId() + "-requests",
                ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
                ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1));
    }

    /**
     * The share group reads requests from the start of the topic (share groups start at its end by default) and only
     * committed ones (the gateway writes a request in one transaction with its job's first event). A broker that
     * refuses (no permission to alter the group) keeps what an operator set.
     */
    private void configureGroup() {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, config.requestsGroup());
        try (Admin admin = Admin.create(broker)) {
            admin.incrementalAlterConfigs(Map.of(group, List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("share.isolation.level", "read_committed"),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Could not configure share group %s (earliest, read_committed); an operator must: %s",
                    config.requestsGroup(), e.getCause() != null ? e.getCause() : e);
        }
    }
}
