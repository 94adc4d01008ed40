package io.headway.aggregator.store;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.fold.SnapshotJson;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.LogBatch;
import io.headway.events.LogLine;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.events.live.QueueCounts;
import io.headway.events.state.JobState;
import io.headway.livestore.LiveKeys;
import io.headway.livestore.LiveValues;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Writes live state to Redis in the layout of {@link LiveKeys}, each call one pipelined round-trip however many keys
 * it touches. TTLs follow the job: an active job's keys live {@code active-ttl} from its latest change; a terminal
 * job's keys expire {@code terminal-retention} after it finished, a point in time that replays do not move.
 */
@ApplicationScoped
public class LiveStateWriter {

    private static final int PIPELINE_CHUNK = 1000;
    /** Chunks sent at once: fewer than the client's pool of connections (6 by default), leaving room for the rest. */
    private static final int CHUNKS_IN_FLIGHT = 4;

    private final Redis redis;
    private final AggregatorConfig config;
    private final SnapshotJson snapshotJson;
    private final Clock clock;

    public LiveStateWriter(Redis redis, AggregatorConfig config, SnapshotJson snapshotJson, Clock clock) {
        this.redis = redis;
        this.config = config;
        this.snapshotJson = snapshotJson;
        this.clock = clock;
    }

    /** The jobs' snapshots, their tenants' active sets, and the expiry of finished jobs' log tails. */
    public Uni<Void> writeJobs(Collection<JobState> states) {
        List<Request> requests = new ArrayList<>(states.size() * 3);
        for (JobState state : states) {
            requests.add(setSnapshot(state).arg(expiry(state)).arg(expiryValue(state)));
            addToActiveSet(state, requests);
            if (state.status().isTerminal()) {
                requests.add(Request.cmd(Command.PEXPIREAT).arg(LiveKeys.logs(state.jobId()))
                        .arg(retainedUntil(state).toEpochMilli()));
            }
        }
        return send(requests);
    }

    /**
     * Restores snapshots from history after Redis lost them, without overwriting any that the fold has written in
     * the meantime ({@code SET NX}).
     */
    public Uni<Void> restoreJobs(Collection<JobState> states) {
        List<Request> requests = new ArrayList<>(states.size() * 2);
        for (JobState state : states) {
            requests.add(setSnapshot(state).arg(expiry(state)).arg(expiryValue(state)).arg("NX"));
            addToActiveSet(state, requests);
        }
        return send(requests);
    }

    /** Appends log lines to their jobs' tails, keeps the newest {@code log-tail} of them, refreshes the TTL. */
    public Uni<Void> writeLogs(Collection<LogBatch> batches) {
        List<Request> requests = new ArrayList<>();
        for (LogBatch batch : batches) {
            String key = LiveKeys.logs(batch.jobId());
            Request add = Request.cmd(Command.ZADD).arg(key);
            for (LogLine line : batch.lines()) {
                add.arg(LiveKeys.logScore(batch.attempt(), line.sequence()))
                        .arg(LiveValues.encode(new LogTailEntry(batch.attempt(), line)));
            }
            requests.add(add);
            requests.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-config.logTail() - 1));
            // A new key gets the active TTL; an existing one is only ever extended, never cut short.
            requests.add(Request.cmd(Command.EXPIRE).arg(key).arg(config.activeTtl().toSeconds()).arg("NX"));
            requests.add(Request.cmd(Command.EXPIRE).arg(key).arg(config.activeTtl().toSeconds()).arg("GT"));
        }
        return send(requests);
    }

    public Uni<Void> writeAggregates(Collection<QueueCounts> queues, Collection<BatchProgress> batches) {
        long ttl = config.terminalRetention().toSeconds();
        List<Request> requests = new ArrayList<>(queues.size() + batches.size());
        queues.forEach(q -> requests.add(Request.cmd(Command.SET).arg(LiveKeys.queueCounts(q.tenant()))
                .arg(LiveValues.encode(q)).arg("EX").arg(ttl)));
        batches.forEach(b -> requests.add(Request.cmd(Command.SET).arg(LiveKeys.batch(b.tenant(), b.batchId()))
                .arg(LiveValues.encode(b)).arg("EX").arg(ttl)));
        return send(requests);
    }

    /** The executor's heartbeat, kept until {@code executor-ttl} after it was sent; a stale one is not written. */
    public Uni<Void> writeHeartbeat(ExecutorHeartbeat heartbeat) {
        Instant expires = heartbeat.at().plus(config.executorTtl());
        if (!expires.isAfter(clock.instant())) {
            return Uni.createFrom().voidItem();
        }
        return send(List.of(
                Request.cmd(Command.SET).arg(LiveKeys.executor(heartbeat.executorId()))
                        .arg(LiveValues.encode(heartbeat))
                        .arg("PXAT").arg(expires.toEpochMilli()),
                Request.cmd(Command.SADD).arg(LiveKeys.EXECUTORS).arg(heartbeat.executorId()),
                Request.cmd(Command.EXPIRE).arg(LiveKeys.EXECUTORS).arg(config.executorTtl().toSeconds())));
    }

    /** Whether Redis still holds the live state (the marker is gone after a flush or a restart without data). */
    public Uni<Boolean> isReady() {
        return redis.send(Request.cmd(Command.EXISTS).arg(LiveKeys.READY)).map(r -> r.toInteger() == 1);
    }

    public Uni<Void> markReady() {
        return redis.send(Request.cmd(Command.SET).arg(LiveKeys.READY).arg(clock.instant().toString()))
                .replaceWithVoid();
    }

    private Request setSnapshot(JobState state) {
        return Request.cmd(Command.SET).arg(LiveKeys.snapshot(state.jobId()))
                .arg(snapshotJson.of(state));
    }

    private void addToActiveSet(JobState state, List<Request> requests) {
        if (state.tenant() == null) {
            return;
        }
        String active = LiveKeys.activeJobs(state.tenant());
        requests.add(Request.cmd(state.status().isTerminal() ? Command.SREM : Command.SADD).arg(active)
                .arg(state.jobId()));
        requests.add(Request.cmd(Command.EXPIRE).arg(active).arg(config.activeTtl().toSeconds()));
    }

    private String expiry(JobState state) {
        return state.status().isTerminal() ? "PXAT" : "EX";
    }

    private long expiryValue(JobState state) {
        return state.status().isTerminal() ? retainedUntil(state).toEpochMilli() : config.activeTtl().toSeconds();
    }

    private Instant retainedUntil(JobState state) {
        Instant finished = state.finishedAt() != null ? state.finishedAt() : state.updatedAt();
        return finished.plus(config.terminalRetention());
    }

    /**
     * Sends the requests in pipelined chunks, a few at a time. Not all at once: a write merging many batches can touch
     * ten thousand jobs, and thirty chunks in parallel overflowed the client's pool wait queue (24 by default), failing
     * the write again at every retry (found by {@code bench alerts}, when 10,000 jobs ended at once).
     */
    private Uni<Void> send(List<Request> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<List<Request>> chunks = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += PIPELINE_CHUNK) {
            chunks.add(requests.subList(from, Math.min(requests.size(), from + PIPELINE_CHUNK)));
        }
        if (chunks.size() == 1) {
            return redis.batch(chunks.getFirst()).replaceWithVoid();
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUni(chunk -> redis.batch(chunk).replaceWithVoid()).merge(CHUNKS_IN_FLIGHT)
                .collect().last().replaceWithVoid();
    }
}
