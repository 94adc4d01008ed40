package io.headway.gateway;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.events.JobSnapshot;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressEvent;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Role;
import io.headway.history.AlertHistory;
import io.headway.livestore.LiveKeys;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the gateway tests share: keys of tenants of their own, and a stand-in for the aggregator that writes job
 * state the way it does (the snapshot in Redis under {@link LiveKeys#snapshot}, and on {@code headway.job-state}),
 * so the stream can be tested without the aggregator's timing. The end-to-end tests run the real aggregator.
 */
public final class GatewayTestSupport {

    private static final KafkaProducer<String, byte[]> PRODUCER = producer();

    private GatewayTestSupport() {
    }

    /** A tenant nobody else uses and a key with every role. */
    public record Tenant(String name, String key) {
    }

    public static Tenant newTenant(ApiKeyStore keys) {
        return newTenant(keys, EnumSet.of(Role.SUBMIT, Role.READ, Role.CONTROL));
    }

    public static Tenant newTenant(ApiKeyStore keys, Set<Role> roles) {
        String tenant = TestIds.jobId("tenant");
        return new Tenant(tenant, keys.issue(tenant, "test", roles).await().atMost(Duration.ofSeconds(10)).key());
    }

    public static String bearer(Tenant tenant) {
        return "Bearer " + tenant.key();
    }

    /** A job's history as the aggregator would fold it, one state per event. */
    public static final class FakeJob {
        private final String jobId;
        private final List<ProgressEvent> events = new ArrayList<>();
        private JobState state;

        public FakeJob(String tenant, String batchId, Map<String, String> labels) {
            this(tenant, batchId, labels, false);
        }

        private FakeJob(String tenant, String batchId, Map<String, String> labels, boolean external) {
            this.jobId = TestIds.jobId("job");
            apply(new JobSubmitted(UUID.randomUUID(), jobId, now(), "test", tenant, "demo", Map.of(), 0, batchId,
                    labels, List.of(), external));
        }

        /** A job run outside the platform, that reports over the external-jobs API. */
        public static FakeJob external(String tenant) {
            return new FakeJob(tenant, null, Map.of(), true);
        }

        public String id() {
            return jobId;
        }

        public JobState state() {
            return state;
        }

        public FakeJob apply(ProgressEvent event) {
            events.add(event);
            state = JobReducer.apply(state == null ? JobState.initial(jobId) : state, event);
            return this;
        }

        public JobSnapshot snapshot() {
            return JobSnapshot.of(state);
        }

        /** Writes the current snapshot to Redis and job-state, as the aggregator does after folding. */
        public FakeJob publish(RedisDataSource redis) {
            String json = new String(WireType.JOB_STATE.codec().encode(snapshot()), StandardCharsets.UTF_8);
            redis.value(String.class).setex(LiveKeys.snapshot(jobId), 3600, json);
            if (!state.status().isTerminal()) {
                redis.set(String.class).sadd(LiveKeys.activeJobs(state.tenant()), jobId);
            } else {
                redis.set(String.class).srem(LiveKeys.activeJobs(state.tenant()), jobId);
            }
            send(WireType.JOB_STATE, Topics.JOB_STATE, jobId, snapshot());
            return this;
        }

        /** Pushes the current snapshot on its tenant's Redis channel alone, as the aggregator's live push does. */
        public FakeJob push(RedisDataSource redis) {
            return push(redis, state.tenant());
        }

        /** Pushes the current snapshot on another tenant's channel, as a confused or hostile publisher might. */
        public FakeJob push(RedisDataSource redis, String channelTenant) {
            redis.pubsub(String.class).publish(LiveKeys.snapshots(channelTenant),
                    new String(WireType.JOB_STATE.codec().encode(snapshot()), StandardCharsets.UTF_8));
            return this;
        }
    }

    public static <T> void send(WireType<T> type, String topic, String key, T value) {
        sendQuietly(type, topic, key, value);
        PRODUCER.flush();
    }

    /** Sends without waiting, for bursts; {@link #send} after it flushes everything. */
    public static <T> void sendQuietly(WireType<T> type, String topic, String key, T value) {
        PRODUCER.send(type.record(topic, key, value));
    }

    /** Records an alert's change as the aggregator does: through {@link AlertHistory}, in a transaction. */
    public static Alert record(Pool pool, Alert alert, String jobType) {
        pool.withTransaction(tx -> AlertHistory.record(tx, alert, jobType)).await().atMost(Duration.ofSeconds(10));
        return alert;
    }

    /** A newly raised alert. */
    public static Alert raised(String tenant, String jobId, String kind, AlertSeverity severity, Instant at) {
        return new Alert(UUID.randomUUID(), jobId, tenant, kind, severity, AlertState.RAISED, kind + " of " + jobId,
                null, at, at);
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }
}
