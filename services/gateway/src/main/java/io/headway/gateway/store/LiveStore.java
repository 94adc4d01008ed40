package io.headway.gateway.store;

import io.headway.events.ExecutorHeartbeat;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.events.live.QueueCounts;
import io.headway.livestore.LiveKeys;
import io.headway.livestore.LiveValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the live state the aggregator keeps in Redis ({@link LiveKeys}), and the few keys the gateway itself owns:
 * the first snapshot of a job it accepted and the log sequence of jobs reporting over HTTP.
 */
@ApplicationScoped
public class LiveStore {

    private final Redis redis;

    public LiveStore(Redis redis) {
        this.redis = redis;
    }

    /** The job's {@code JobSnapshot} JSON, while Redis holds it. */
    public Uni<Optional<String>> snapshot(String jobId) {
        return get(LiveKeys.snapshot(jobId));
    }

    /** The snapshots Redis holds of these jobs, by job id; absent jobs are left out. */
    public Uni<Map<String, String>> snapshots(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> ids = List.copyOf(jobIds);
        return mget(ids.stream().map(LiveKeys::snapshot).toList()).map(values -> {
            Map<String, String> found = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                if (values.get(i) != null) {
                    found.put(ids.get(i), values.get(i));
                }
            }
            return found;
        });
    }

    /** The tenant's jobs that are not terminal. */
    public Uni<Set<String>> activeJobs(String tenant) {
        return members(LiveKeys.activeJobs(tenant));
    }

    public Uni<Optional<BatchProgress>> batch(String tenant, String batchId) {
        return get(LiveKeys.batch(tenant, batchId)).map(value -> value.map(LiveValues::batch));
    }

    public Uni<Optional<QueueCounts>> queue(String tenant) {
        return get(LiveKeys.queueCounts(tenant)).map(value -> value.map(LiveValues::queueCounts));
    }

    /** The executors that sent a heartbeat recently, with their latest one, by id. */
    public Uni<List<ExecutorHeartbeat>> executors() {
        return members(LiveKeys.EXECUTORS).chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<ExecutorHeartbeat>of());
            }
            return mget(new TreeSet<>(ids).stream().map(LiveKeys::executor).toList()).map(values -> values.stream()
                    .filter(value -> value != null).map(LiveValues::heartbeat).toList());
        });
    }

    /** The job's log tail after a line (exclusive), in order; the tail holds the most recent lines only. */
    public Uni<List<LogTailEntry>> logsAfter(String jobId, int attempt, long sequence, int limit) {
        String after = "(" + LiveKeys.logScore(attempt, sequence);
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(LiveKeys.logs(jobId)).arg(after).arg("+inf")
                .arg("LIMIT").arg(0).arg(limit)).map(LiveStore::tailEntries);
    }

    /** The first line the tail still holds, if any: older lines are only in the history. */
    public Uni<Optional<LogTailEntry>> oldestLog(String jobId) {
        return redis.send(Request.cmd(Command.ZRANGE).arg(LiveKeys.logs(jobId)).arg(0).arg(0))
                .map(reply -> tailEntries(reply).stream().findFirst());
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
        List<Request> writes = snapshotByJob.entrySet().stream()
                .map(e -> Request.cmd(Command.SET).arg(LiveKeys.snapshot(e.getKey())).arg(e.getValue()).arg("NX")
                        .arg("PX").arg(ttl.toMillis()))
                .toList();
        return redis.batch(writes).replaceWithVoid();
    }

    /** Reserves {@code count} log sequence numbers of a job reporting over HTTP; returns the first. */
    public Uni<Long> reserveLogSequences(String jobId, int count, Duration ttl) {
        String key = LiveKeys.reportedLogSequence(jobId);
        return redis.batch(List.of(Request.cmd(Command.INCRBY).arg(key).arg(count),
                        Request.cmd(Command.EXPIRE).arg(key).arg(ttl.toSeconds())))
                .map(replies -> replies.getFirst().toLong() - count + 1);
    }

    private Uni<Optional<String>> get(String key) {
        return redis.send(Request.cmd(Command.GET).arg(key))
                .map(reply -> Optional.ofNullable(reply).map(Response::toString));
    }

    /** The values of the keys, in their order; null where a key is absent. */
    private Uni<List<String>> mget(List<String> keys) {
        Request mget = Request.cmd(Command.MGET);
        keys.forEach(mget::arg);
        return redis.send(mget).map(reply -> {
            List<String> values = new ArrayList<>(reply.size());
            reply.forEach(value -> values.add(value == null ? null : value.toString()));
            return values;
        });
    }

    private Uni<Set<String>> members(String key) {
        return redis.send(Request.cmd(Command.SMEMBERS).arg(key)).map(reply -> {
            Set<String> members = new HashSet<>();
            reply.forEach(member -> members.add(member.toString()));
            return members;
        });
    }

    private static List<LogTailEntry> tailEntries(Response reply) {
        List<LogTailEntry> entries = new ArrayList<>(reply.size());
        reply.forEach(value -> entries.add(LiveValues.tailEntry(value.toString())));
        return entries;
    }
}
