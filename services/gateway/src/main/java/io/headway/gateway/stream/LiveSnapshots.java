package io.headway.gateway.stream;

import io.headway.gateway.config.GatewayConfig;
import io.headway.livestore.LiveKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Listens on every tenant's snapshot channel in Redis ({@link LiveKeys#snapshots}), where the aggregator publishes
 * each snapshot as it folds it, and hands them to {@link StreamFeeds#pushed}: the live path's head start on {@code
 * headway.job-state}, one Redis hop instead of a producer, a broker and a fetch.
 *
 * <p>Never the only source: pub/sub keeps nothing for a listener that is away, so while this connection is down (Redis
 * restarting, a network blip) the topic, which every gateway reads anyway, brings the same snapshots a little later,
 * and nothing is lost. The connection is made again with backoff for as long as the gateway runs.
 */
@ApplicationScoped
public class LiveSnapshots {

    private static final Logger LOG = Logger.getLogger(LiveSnapshots.class);
    private static final String PATTERN = LiveKeys.SNAPSHOTS + "*";

    private final Redis redis;
    private final StreamFeeds feeds;
    private final boolean enabled;
    private final AtomicReference<RedisConnection> connection = new AtomicReference<>();
    private volatile boolean stopping;

    public LiveSnapshots(Redis redis, StreamFeeds feeds, GatewayConfig config) {
        this.redis = redis;
        this.feeds = feeds;
        this.enabled = config.stream().livePush();
    }

    void start(@Observes StartupEvent start) {
        if (enabled) {
            listen();
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        RedisConnection open = connection.getAndSet(null);
        if (open != null) {
            open.closeAndForget();
        }
    }

    /** Whether the channels are subscribed right now; while not, snapshots come from the topic alone. */
    public boolean listening() {
        return connection.get() != null;
    }

    private void listen() {
        redis.connect()
                .call(open -> {
                    open.handler(this::message);
                    open.exceptionHandler(failure -> lost(open, failure));
                    open.endHandler(() -> lost(open, null));
                    return open.send(Request.cmd(Command.PSUBSCRIBE).arg(PATTERN))
                            .onFailure().invoke(failure -> open.closeAndForget());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).until(f -> !stopping)
                .subscribe().with(open -> {
                    // Lost before this (a failed subscription) is the retry's to mend; lost after, lost()'s.
                    connection.set(open);
                    LOG.debugf("Listening for pushed snapshots on %s", PATTERN);
                }, failure -> LOG.warnf("Not listening for pushed snapshots (the gateway is stopping): %s", failure));
    }

    private void lost(RedisConnection open, Throwable failure) {
        if (!connection.compareAndSet(open, null) || stopping) {
            return;
        }
        LOG.warnf("Lost the Redis channel of pushed snapshots (%s); job-state carries the stream while it reconnects",
                failure == null ? "closed" : failure.toString());
        open.closeAndForget();
        listen();
    }

    /** A {@code pmessage}: pattern, channel, snapshot JSON. Anything else on this connection (replies) is ignored. */
    private void message(Response message) {
        if (message.size() == 4 && "pmessage".equals(message.get(0).toString())) {
            String channel = message.get(2).toString();
            feeds.pushed(channel.substring(LiveKeys.SNAPSHOTS.length()), message.get(3).toBytes());
        }
    }
}
