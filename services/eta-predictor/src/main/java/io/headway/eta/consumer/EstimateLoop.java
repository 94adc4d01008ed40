package io.headway.eta.consumer;

import io.headway.eta.config.EtaConfig;
import io.headway.eta.metrics.AccuracyMetrics;
import io.headway.eta.model.Estimate;
import io.headway.eta.model.FinishedJob;
import io.headway.eta.model.HeadwayModel;
import io.headway.eta.model.JobScore;
import io.headway.eta.model.LogClock;
import io.headway.eta.model.PublishPolicy;
import io.headway.eta.store.EtaHistory;
import io.headway.events.EtaEstimated;
import io.headway.events.ProgressEvent;
import io.headway.events.UnrecognizedEvent;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.ClientSettings;
import io.headway.events.kafka.WireType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The predictor's one thread: reads {@code headway.progress} as a consumer group (so instances share its
 * partitions), feeds the {@link HeadwayModel}, ticks the log clock once a second so silent jobs are re-estimated,
 * and writes {@code EtaEstimated} back to the same topic when {@link PublishPolicy} says an estimate is news.
 *
 * <p>One thread owns the model, the clock and the consumer, so none of them needs a lock. A plain Kafka consumer
 * rather than a reactive channel, because the tick and the partition hand-over must run on that same thread: when
 * partitions are assigned, the jobs still running on them are read back from history, so an instance that takes
 * over (or restarts after {@code kill -9}) knows them; redelivered events are recognised by id. It never waits for
 * the broker to acknowledge an estimate: an estimate lost in a crash is replaced by the next one within a second.
 */
@ApplicationScoped
public class EstimateLoop {

    private static final Logger LOG = Logger.getLogger(EstimateLoop.class);
    private static final int REMEMBERED_EVENT_IDS = 200_000;
    private static final int RESIDUALS_PER_TYPE = 300;

    private final EtaConfig config;
    private final EtaHistory history;
    private final AccuracyMetrics metrics;
    /** Every {@code kafka.*} setting (bootstrap servers, security for a managed broker): the base of both clients'. */
    private final Map<String, Object> broker;
    private final Codec<ProgressEvent> codec = WireType.PROGRESS.codec();
    private final List<JobScore> scored = new ArrayList<>();
    private final HeadwayModel model = new HeadwayModel(scored::add);
    private final LogClock clock = new LogClock();
    private final Map<String, Published> published = new HashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<UUID, Boolean> recentEvents = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED_EVENT_IDS;
        }
    };

    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;
    private Instant learntUntil;
    private long nextTickNanos;
    private long nextRefreshNanos;

    private final Clock wall;

    public EstimateLoop(EtaConfig config, EtaHistory history, AccuracyMetrics metrics,
            @Identifier(ClientSettings.BROKER) Map<String, Object> broker, Clock wall) {
        this.wall = wall;
        this.config = config;
        this.history = history;
        this.metrics = metrics;
        this.broker = broker;
    }

    void start(@Observes StartupEvent startup) {
        thread = Thread.ofPlatform().name("eta-predictor").start(this::run);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
    }

    /** True once the consumer holds its partitions: estimates flow from then on. */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        learnFromHistory(wall.instant().minus(config.historyWindow()), config.historyPerType(), true);
        try (KafkaProducer<String, byte[]> out = new KafkaProducer<>(producerConfig());
                KafkaConsumer<String, byte[]> in = new KafkaConsumer<>(consumerConfig())) {
            producer = out;
            consumer = in;
            in.subscribe(List.of(config.topics().progress()), new Handover());
            long now = System.nanoTime();
            nextTickNanos = now + config.tick().toNanos();
            nextRefreshNanos = now + config.historyRefresh().toNanos();
            while (running) {
                ConsumerRecords<String, byte[]> records = in.poll(Duration.ofMillis(200));
                Set<String> touched = new LinkedHashSet<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        accept(record, touched);
                    } catch (RuntimeException e) {
                        // One job's bad luck must not stop the estimates of every other job.
                        LOG.errorf(e, "could not estimate job %s from %s-%d@%d", record.key(), record.topic(),
                                record.partition(), record.offset());
                    }
                }
                // Estimated once the whole batch is in, so a job that ended within it gets no estimate after its end.
                for (String jobId : touched) {
                    try {
                        if (model.trackedJobIds().contains(jobId)) {
                            publishIfNews(jobId, clock.nowMs(System.nanoTime()));
                        }
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "could not estimate job %s", jobId);
                    }
                }
                try {
                    housekeeping();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "the estimate loop's housekeeping failed; it goes on");
                }
                if (!records.isEmpty()) {
                    in.commitAsync();
                }
            }
            in.commitSync(Duration.ofSeconds(5));
        } catch (WakeupException stopping) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "the estimate loop stopped");
        } finally {
            assigned = false;
        }
    }

    /** Folds one event into the model; a job it changed is added to {@code touched}, to be estimated. */
    private void accept(ConsumerRecord<String, byte[]> record, Set<String> touched) {
        ProgressEvent event;
        try {
            event = codec.decode(record.value());
        } catch (RuntimeException unreadable) {
            metrics.unreadable();
            return;
        }
        if (event instanceof EtaEstimated || event instanceof UnrecognizedEvent
                || recentEvents.putIfAbsent(event.eventId(), Boolean.TRUE) != null) {
            return;
        }
        long at = event.occurredAt().toEpochMilli();
        clock.observe(at, System.nanoTime());
        model.observe(event);
        String jobId = event.jobId();
        if (!model.trackedJobIds().contains(jobId)) {
            seen.remove(jobId);
            published.remove(jobId);
            return;
        }
        seen.put(jobId, new Seen(record.partition(), at));
        touched.add(jobId);
    }

    private void housekeeping() {
        long now = System.nanoTime();
        if (now >= nextTickNanos) {
            nextTickNanos = now + config.tick().toNanos();
            tick(clock.nowMs(now));
        }
        if (!scored.isEmpty()) {
            saveScores();
        }
        if (now >= nextRefreshNanos) {
            nextRefreshNanos = now + config.historyRefresh().toNanos();
            learnFromHistory(learntUntil, config.historyPerType(), false);
        }
    }

    /** Re-estimates every running job at the log clock, and forgets the ones silent for too long. */
    private void tick(long nowMs) {
        if (nowMs == Long.MIN_VALUE) {
            return;
        }
        long abandonMs = config.abandonAfter().toMillis();
        for (String jobId : List.copyOf(model.trackedJobIds())) {
            Seen last = seen.get(jobId);
            if (last != null && nowMs - last.atMs() > abandonMs) {
                forget(jobId);
            } else {
                publishIfNews(jobId, nowMs);
            }
        }
    }

    private void publishIfNews(String jobId, long nowMs) {
        Published last = published.get(jobId);
        if (last != null && !PublishPolicy.due(last.atMs(), nowMs)) {
            return; // nothing could go out yet: a job reporting many times a second is estimated once a second
        }
        Estimate next = model.estimate(jobId, Instant.ofEpochMilli(nowMs)).orElse(null);
        if (next == null) {
            return;
        }
        if (!PublishPolicy.shouldPublish(last == null ? null : last.estimate(), last == null ? 0 : last.atMs(), next,
                nowMs)) {
            return;
        }
        EtaEstimated eta = new EtaEstimated(UUID.randomUUID(), jobId, Instant.ofEpochMilli(nowMs), config.source(),
                next.remainingMs(), next.lowMs(), next.highMs(), next.confidence(), model.name());
        producer.send(WireType.PROGRESS.record(config.topics().progress(), jobId, eta), (metadata, error) -> {
            if (error != null) {
                LOG.warnf("could not publish the ETA of job %s: %s", jobId, error.getMessage());
            }
        });
        published.put(jobId, new Published(next, nowMs));
        metrics.published();
    }

    private void saveScores() {
        List<JobScore> batch = List.copyOf(scored);
        scored.clear();
        for (JobScore score : batch) {
            try {
                metrics.scored(score);
                history.save(score);
            } catch (RuntimeException e) {
                LOG.warnf("could not keep the ETA scores of job %s: %s", score.jobId(), e.getMessage());
            }
        }
    }

    /** Learns the jobs that finished since {@code since}; at start, also the residuals its ranges are drawn from. */
    private void learnFromHistory(Instant since, int perType, boolean atStart) {
        Instant readAt = wall.instant();
        try {
            List<FinishedJob> jobs = history.finishedSince(since, perType, model::hasLearnt);
            jobs.forEach(model::learn);
            if (atStart) {
                history.residuals(since, RESIDUALS_PER_TYPE).forEach(r -> model.calibrate(r.jobType(), r.z()));
                LOG.infof("learnt from %d finished jobs in history", jobs.size());
            }
            // Overlap a minute: a job's finish reaches history a little after it happened.
            learntUntil = readAt.minus(Duration.ofMinutes(1));
        } catch (RuntimeException e) {
            LOG.warnf("could not read finished jobs from history (will try again): %s", e.getMessage());
            if (learntUntil == null) {
                learntUntil = since;
            }
        }
    }

    private void forget(String jobId) {
        model.forget(jobId);
        seen.remove(jobId);
        published.remove(jobId);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.source() + "-consumer");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A new group starts from now: the jobs running already are read back from history on assignment.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // Estimates go out at most once a second per job: fetching in batches (1 MiB or 500 ms) costs the broker two
        // fetches a second instead of one per event, for at most half a second on a job's first estimate. With 100 ms
        // the idle predictor alone took 4.6 % of a core, and the broker more, answering ten empty fetches a second;
        // with 64 KiB, a busy topic (5,000 events a second, about 2 MB) still filled a fetch thirty times a second.
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        // A killed predictor's partitions move after 10 s, not Kafka's default 45 s: its restart was not ready for
        // 46.9 s (headway.sh chaos eta-predictor), waiting for the group to give up on the dead instance.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return ClientSettings.of(broker, props);
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.source() + "-producer");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return ClientSettings.of(broker, props);
    }

    /** Partitions moving in and out: forget the jobs that left; read back the running jobs that arrived. */
    private final class Handover implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Set<Integer> gone = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
            seen.entrySet().stream().filter(e -> gone.contains(e.getValue().partition())).map(Map.Entry::getKey)
                    .toList().forEach(EstimateLoop.this::forget);
            try {
                consumer.commitSync(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("offsets not committed on revocation: %s", e.getMessage());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                Set<Integer> arrived = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
                try {
                    List<EtaHistory.Located> events = history.runningEvents(arrived,
                            wall.instant().minus(config.abandonAfter()));
                    for (EtaHistory.Located located : events) {
                        ProgressEvent event = located.event();
                        if (!(event instanceof EtaEstimated)
                                && recentEvents.putIfAbsent(event.eventId(), Boolean.TRUE) == null) {
                            model.observe(event);
                            clock.observe(event.occurredAt().toEpochMilli(), System.nanoTime());
                            seen.put(event.jobId(), new Seen(located.partition(), event.occurredAt().toEpochMilli()));
                        }
                    }
                    LOG.infof("took over partitions %s with %d events of running jobs from history", arrived,
                            events.size());
                } catch (RuntimeException e) {
                    LOG.warnf("could not read running jobs back from history: %s", e.getMessage());
                }
            }
            assigned = true;
        }
    }

    private record Published(Estimate estimate, long atMs) {
    }

    private record Seen(int partition, long atMs) {
    }
}
