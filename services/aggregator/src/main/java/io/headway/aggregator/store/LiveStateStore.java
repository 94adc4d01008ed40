package io.headway.aggregator.store;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.events.JobSnapshot;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.WireType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A job's current snapshot in Redis, under {@code headway:job:{<jobId>}:snapshot} (the braces keep all of one job's
 * keys in one cluster slot). Every write sets the key's TTL: the active TTL while the job runs, the retention once it
 * is terminal. Redis is a cache of the truth: what is here can be rebuilt from history.
 */
@ApplicationScoped
public class LiveStateStore {

    private final ReactiveValueCommands<String, String> values;
    private final Codec<JobSnapshot> codec = WireType.JOB_STATE.codec();
    private final AggregatorConfig config;

    public LiveStateStore(ReactiveRedisDataSource redis, AggregatorConfig config) {
        this.values = redis.value(String.class);
        this.config = config;
    }

    /** The Redis key of a job's snapshot; the gateway reads the same key. */
    public static String snapshotKey(String jobId) {
        return "headway:job:{" + jobId + "}:snapshot";
    }

    /** The job's snapshot, or null when Redis has none. */
    public Uni<JobSnapshot> find(String jobId) {
        return values.get(snapshotKey(jobId))
                .map(json -> json == null ? null : codec.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    public Uni<Void> save(JobSnapshot snapshot) {
        Duration ttl = snapshot.state().status().isTerminal() ? config.terminalRetention() : config.activeTtl();
        String json = new String(codec.encode(snapshot), StandardCharsets.UTF_8);
        return values.setex(snapshotKey(snapshot.jobId()), ttl.toSeconds(), json);
    }
}
