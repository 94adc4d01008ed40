package io.headway.aggregator.producer;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.events.state.JobState;
import io.headway.livestore.LiveKeys;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Publishes each folded snapshot on its tenant's Redis channel ({@link LiveKeys#snapshots}) in the same moment it goes
 * to {@code headway.job-state}: the gateways' head start on the topic. A snapshot through Kafka crosses the producer's
 * I/O thread, the broker and the gateway's fetch; through Redis it is one write and one read, a few milliseconds
 * sooner on a busy machine (docs/benchmarks.md).
 *
 * <p>Best effort by design, and never the only copy: Redis pub/sub keeps nothing for a gateway that is not listening,
 * so the gateways read the topic as well and route whatever they did not get here. A failed publish is therefore
 * only counted and logged, never retried, and nothing waits for it: not the batch's acknowledgement, not the next
 * batch. A job's end goes last in its batch, as on the gateway's Kafka feed, so an end never comes before the newer
 * states of the batch's other jobs.
 *
 * <p>Pushes go on a connection of their own, pipelined, not through the client's pool: there they queued behind the
 * history's writes and filled the pool's wait queue, failing both. It is made at start and, once lost, again with
 * backoff (a try at least every second); meanwhile pushes are skipped.
 */
@ApplicationScoped
public class LivePush {

    private static final Logger LOG = Logger.getLogger(LivePush.class);
    private static final Duration RECONNECT_FIRST = Duration.ofMillis(200);
    private static final Duration RECONNECT_AT_MOST = Duration.ofSeconds(1);

    private final Redis redis;
    private final boolean enabled;
    private volatile boolean stopping;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<RedisConnection> connection = new AtomicReference<>();
    private final AtomicBoolean connecting = new AtomicBoolean();

    public LivePush(Redis redis, AggregatorConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.enabled = config.livePush();
        FunctionCounter.builder("headway.aggregator.live.push.failures", failures, AtomicLong::get)
                .description("Pipelined snapshot pushes to the gateways over Redis that failed").register(metrics);
    }

    /** A snapshot to push: the folded state and the JSON the topic gets. */
    public record Pushed(JobState state, byte[] json) {
    }

    /** Publishes the snapshots, ends last, in one pipelined write; returns at once. */
    public void push(List<Pushed> snapshots) {
        RedisConnection open = connection.get();
        if (open == null || snapshots.isEmpty()) {
            return; // off, or (re)connecting: the topic carries these
        }
        List<Request> publishes = new ArrayList<>(snapshots.size());
        List<Request> ends = new ArrayList<>();
        for (Pushed snapshot : snapshots) {
            JobState state = snapshot.state();
            if (state.tenant() == null) {
                continue; // no gateway routes a snapshot without a tenant; the topic still has it
            }
            Request publish = Request.cmd(Command.PUBLISH).arg(LiveKeys.snapshots(state.tenant()))
                    .arg(snapshot.json());
            (state.status().isTerminal() ? ends : publishes).add(publish);
        }
        publishes.addAll(ends);
        if (!publishes.isEmpty()) {
            open.batch(publishes).subscribe().with(ok -> { }, failure -> failed(open, failure));
        }
    }

    void start(@Observes StartupEvent start) {
        if (enabled) {
            connect();
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        RedisConnection open = connection.getAndSet(null);
        if (open != null) {
            open.closeAndForget();
        }
    }

    private void connect() {
        if (stopping || !connecting.compareAndSet(false, true)) {
            return;
        }
        redis.connect()
                .onFailure().retry().withBackOff(RECONNECT_FIRST, RECONNECT_AT_MOST).until(failure -> !stopping)
                .subscribe().with(open -> {
                    open.exceptionHandler(failure -> failed(open, failure));
                    open.endHandler(() -> failed(open, null));
                    connection.set(open);
                    connecting.set(false);
                }, failure -> connecting.set(false));
    }

    /** Drops the connection, makes another, and says so: once, then every thousandth time. */
    private void failed(RedisConnection open, Throwable failure) {
        if (!connection.compareAndSet(open, null)) {
            return; // already dropped: this is the same loss reported twice (an error, then the close)
        }
        open.closeAndForget();
        if (failures.getAndIncrement() % 1000 == 0) {
            LOG.warnf("Pushing snapshots to the gateways over Redis failed (%d so far); they take them from "
                    + "job-state meanwhile: %s", failures.get(), failure == null ? "connection closed" : failure);
        }
        connect();
    }
}
