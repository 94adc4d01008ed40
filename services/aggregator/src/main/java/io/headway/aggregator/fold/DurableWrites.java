package io.headway.aggregator.fold;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.domain.FoldedJob;
import io.headway.aggregator.domain.JobFold;
import io.headway.aggregator.domain.WriteBacklog;
import io.headway.aggregator.store.FoldedHistory;
import io.headway.aggregator.store.LiveStateWriter;
import io.headway.events.state.JobState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Writes folded batches to Redis (one pipeline) and then PostgreSQL (one transaction) behind the live path: a batch
 * is queued and the folder goes on with the next one at once, while one write at a time takes everything queued
 * since the last ({@link WriteBacklog}). Each queued batch learns through its stage when both stores hold it, and only
 * then are its offsets committed, so a crash replays to the same result. Redis goes first because it is what REST
 * and new subscribers read and a pipeline takes a millisecond; it may be ahead of PostgreSQL, never behind the
 * batch being written, and a replay or rebuild only writes the same states again.
 *
 * <p>Writes start at most once per {@code history-linger} (group commit): what is folded meanwhile joins the next
 * write, so a steady trickle of events makes a few transactions a second, not one per poll. Profiled at 200 events/s,
 * the aggregator spent most of its CPU in PostgreSQL transactions of one or two events each.
 *
 * <p>History trails the live view by at most {@code history-backlog} events, queued and being written together:
 * beyond that {@link #room()} makes the folder wait. That also bounds a write's size and the memory the folded but
 * unwritten events hold (a run with a bound of 100,000 on a 512 MiB heap ran out of memory while PostgreSQL caught up). A write that fails (PostgreSQL or Redis down) is retried with backoff until it succeeds, while live
 * snapshots keep flowing up to that bound; once the service is shutting down it stops retrying and leaves the
 * batches unacknowledged, to be delivered again.
 */
@ApplicationScoped
public class DurableWrites {

    private static final Logger LOG = Logger.getLogger(DurableWrites.class);

    private final FoldedHistory history;
    private final LiveStateWriter live;
    private final AggregateRefresher aggregates;
    private final int limit;
    private final long lingerNanos;
    private final Vertx vertx;
    private final Timer postgres;
    private final Timer redis;
    private final WriteBacklog backlog = new WriteBacklog();
    /** The write under way, or null. */
    private WriteBacklog.Drained inFlight;
    private List<CompletableFuture<Void>> queued = new ArrayList<>();
    private CompletableFuture<Void> roomFreed = new CompletableFuture<>();
    /** When the last write started (System.nanoTime), and whether a timer will start the next one. */
    private long lastWriteStarted = System.nanoTime() - Long.MAX_VALUE / 2;
    private boolean writeScheduled;
    private volatile boolean stopping;

    public DurableWrites(FoldedHistory history, LiveStateWriter live, AggregateRefresher aggregates,
            AggregatorConfig config, MeterRegistry metrics, Vertx vertx) {
        this.history = history;
        this.live = live;
        this.aggregates = aggregates;
        this.limit = config.historyBacklog();
        this.lingerNanos = config.historyLinger().toNanos();
        this.vertx = vertx;
        this.postgres = BatchFolder.phase(metrics, "postgres");
        this.redis = BatchFolder.phase(metrics, "redis");
        Gauge.builder("headway.aggregator.history.backlog", this, DurableWrites::backlogEvents)
                .description("Events folded and published live whose history is not written yet").register(metrics);
    }

    /** Queues a folded batch; the stage completes once PostgreSQL and Redis hold it. */
    public CompletionStage<Void> write(List<JobFold> folds, List<JobState> visible) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (this) {
            backlog.add(folds, visible);
            queued.add(written);
            if (inFlight == null) {
                writeSoon();
            }
        }
        return written;
    }

    /** The job's latest folded state that PostgreSQL may not hold yet (queued or being written), or null. */
    public synchronized FoldedJob unwritten(String jobId) {
        FoldedJob queuedState = backlog.latest(jobId);
        return queuedState != null || inFlight == null ? queuedState : inFlight.latest(jobId);
    }

    /** Completes at once while the backlog is under its bound, otherwise once a write has made room. */
    public Uni<Void> room() {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> freed;
            synchronized (this) {
                if (backlogEvents() < limit) {
                    return Uni.createFrom().voidItem();
                }
                freed = roomFreed;
            }
            return Uni.createFrom().completionStage(freed).chain(this::room);
        });
    }

    synchronized int backlogEvents() {
        return backlog.events() + (inFlight == null ? 0 : inFlight.events());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Starts the next write now if the last one started at least {@code history-linger} ago, or when the backlog has
     * reached half its bound (waiting then would only hold the folder back); otherwise once that time is up. Called
     * with the lock held and no write under way.
     */
    private void writeSoon() {
        if (writeScheduled) {
            return;
        }
        long wait = lingerNanos - (System.nanoTime() - lastWriteStarted);
        if (wait <= 0 || backlogEvents() >= limit / 2) {
            writeNext();
            return;
        }
        writeScheduled = true;
        vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), timer -> {
            synchronized (this) {
                writeScheduled = false;
                if (inFlight == null && !backlog.isEmpty()) {
                    writeNext();
                }
            }
        });
    }

    /** Takes the whole backlog into one write; called with the lock held. */
    private void writeNext() {
        lastWriteStarted = System.nanoTime();
        WriteBacklog.Drained next = backlog.drain();
        List<CompletableFuture<Void>> batches = queued;
        queued = new ArrayList<>();
        inFlight = next;
        timed(redis, () -> live.writeJobs(next.visible()))
                .call(() -> timed(postgres, () -> history.write(next.folds())))
                .invoke(() -> aggregates.markChanged(next.visible()))
                .onFailure(e -> !stopping).invoke(e -> LOG.warnf("Writing %d events failed, retrying: %s",
                        next.events(), e))
                .onFailure(e -> !stopping).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
                .indefinitely()
                .subscribe().with(ok -> written(batches), failure -> LOG.infof(
                        "Stopping with %d events not written; they will be folded again", next.events()));
    }

    private void written(List<CompletableFuture<Void>> batches) {
        CompletableFuture<Void> freed;
        synchronized (this) {
            inFlight = null;
            if (!backlog.isEmpty()) {
                writeSoon();
            }
            freed = roomFreed;
            roomFreed = new CompletableFuture<>();
        }
        freed.complete(null);
        batches.forEach(batch -> batch.complete(null));
    }

    private static <T> Uni<T> timed(Timer timer, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return work.get().eventually(() -> timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        });
    }
}
