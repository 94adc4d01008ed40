package io.headway.gateway.store;

import io.headway.events.ExecutorHeartbeat;
import io.headway.events.codec.Codec;
import io.headway.events.codec.RecordCodec;
import io.headway.events.kafka.WireType;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LiveKeys;
import io.headway.events.live.LogTailEntry;
import io.headway.events.live.QueueCounts;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the live state the aggregator keeps in Redis ({@link LiveKeys}), and the few keys the gateway itself owns:
 * the first snapshot of a job it accepted and the log sequence of jobs reporting over HTTP.
 */
@ApplicationScoped
public class LiveStore {

    private final ReactiveRedisDataSource redis;
    private final Codec<ExecutorHeartbeat> heartbeats = WireType.EXECUTORS.codec();
    private final Codec<BatchProgress> batches = new RecordCodec<>(BatchProgress.class);
    private final Codec<QueueCounts> queues = new RecordCodec<>(QueueCounts.class);
    private final Codec<LogTailEntry> tailEntries = new RecordCodec<>(LogTailEntry.class);

    public LiveStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The job's {@code JobSnapshot} JSON, while Redis holds it. */
    public Uni<Optional<String>> snapshot(String jobId) {
        return redis.value(String.class).get(LiveKeys.snapshot(jobId)).map(Optional::ofNullable);
    }

    /** The snapshots Redis holds of these jobs, by job id; absent jobs are left out. */
    public Uni<Map<String, String>> snapshots(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] keys = jobIds.stream().map(LiveKeys::snapshot).toArray(String[]::new);
        List<String> ids = List.copyOf(jobIds);
        return redis.value(String.class).mget(keys).map(values -> {
            Map<String, String> found = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                String json = values.get(keys[i]);
                if (json != null) {
                    found.put(ids.get(i), json);
                }
            }
            return found;
        });
    }

    /** The tenant's jobs that are not terminal. */
    public Uni<Set<String>> activeJobs(String tenant) {
        return redis.set(String.class).smembers(LiveKeys.activeJobs(tenant));
    }

    public Uni<Optional<BatchProgress>> batch(String tenant, String batchId) {
        return redis.value(String.class).get(LiveKeys.batch(tenant, batchId))
                .map(json -> Optional.ofNullable(json).map(this::batch));
    }

    public Uni<Optional<QueueCounts>> queue(String tenant) {
        return redis.value(String.class).get(LiveKeys.queueCounts(tenant))
                .map(json -> Optional.ofNullable(json).map(text -> queues.decode(bytes(text))));
    }

    /** The executors that sent a heartbeat recently, with their latest one. */
    public Uni<List<ExecutorHeartbeat>> executors() {
        return redis.set(String.class).smembers(LiveKeys.EXECUTORS).chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<ExecutorHeartbeat>of());
            }
            String[] keys = ids.stream().sorted().map(LiveKeys::executor).toArray(String[]::new);
            return redis.value(String.class).mget(keys).map(values -> values.values().stream()
                    .filter(Objects::nonNull).map(json -> heartbeats.decode(bytes(json))).toList());
        });
    }

    /** The job's log tail after a line (exclusive), in order; the tail holds the most recent lines only. */
    public Uni<List<LogTailEntry>> logsAfter(String jobId, int attempt, long sequence, int limit) {
        double after = LiveKeys.logScore(attempt, sequence);
        return redis.sortedSet(String.class)
                .zrangebyscore(LiveKeys.logs(jobId), new ScoreRange<>(after, false, Double.POSITIVE_INFINITY, true),
                        new ZRangeArgs().limit(0, limit))
                .map(entries -> {
                    List<LogTailEntry> lines = new ArrayList<>(entries.size());
                    entries.forEach(json -> lines.add(tailEntries.decode(bytes(json))));
                    return lines;
                });
    }

    /** The first line the tail still holds, if any: older lines are only in the history. */
    public Uni<Optional<LogTailEntry>> oldestLog(String jobId) {
        return redis.sortedSet(String.class).zrange(LiveKeys.logs(jobId), 0, 0)
                .map(entries -> entries.stream().findFirst().map(json -> tailEntries.decode(bytes(json))));
    }

    /**
     * Writes the first snapshots of jobs just accepted, unless a snapshot is there already. A snapshot is a function
     * of the job's events, so this is byte for byte what the aggregator writes when it folds the same
     * {@code JobSubmitted}: a client can read its job the moment the submission is answered.
     */
    public Uni<Void> writeFirstSnapshots(Map<String, String> snapshotByJob, Duration ttl) {
        if (snapshotByJob.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var values = redis.value(String.class);
        return Uni.join().all(snapshotByJob.entrySet().stream()
                .map(e -> values.set(LiveKeys.snapshot(e.getKey()), e.getValue(), new SetArgs().nx().px(ttl)))
                .toList()).andFailFast().replaceWithVoid();
    }

    /** Reserves {@code count} log sequence numbers of a job reporting over HTTP; returns the first. */
    public Uni<Long> reserveLogSequences(String jobId, int count, Duration ttl) {
        String key = LiveKeys.reportedLogSequence(jobId);
        return redis.value(Long.class).incrby(key, count)
                .call(last -> redis.key().expire(key, ttl))
                .map(last -> last - count + 1);
    }

    private BatchProgress batch(String json) {
        return batches.decode(bytes(json));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
