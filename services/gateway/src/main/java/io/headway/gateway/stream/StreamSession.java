package io.headway.gateway.stream;

import io.headway.events.live.LogTailEntry;
import io.headway.gateway.auth.Caller;
import io.headway.stream.LogPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One stream client, WebSocket or SSE: its subscriptions, what it has been sent, and its {@link Outbox}. Everything
 * that reaches the client passes through {@link #offerSnapshot}, {@link #offerLogs} or {@link #offerMessage}, which
 * drop what the client already has (a snapshot no newer than the last one, a log line already delivered), so a
 * client resuming with the sequences it has seen gets neither duplicates nor gaps.
 *
 * <p>A snapshot that only coalescing subscriptions cover waits in {@code coalesced}, newest per job, and leaves with
 * the others in one {@code snapshots} message when the shortest of their intervals is up; a job's end leaves at
 * once, and a reply takes what waits with it, so the current snapshots still come before {@code subscribed}. While
 * the client has frames queued, nothing more is added: it keeps coalescing until the client has caught up.
 *
 * <p>Offers come from the Kafka feeds and from the client's own requests at once; a lock per session serialises
 * them, and the writes too, so frames leave in order.
 */
public final class StreamSession {

    /** Snapshot sequences remembered per session; the oldest are forgotten beyond this (they are only resent). */
    private static final int REMEMBERED_JOBS = 50_000;

    /**
     * One subscription, whether it streams the jobs' log lines too, and how many milliseconds its snapshots may be
     * coalesced for (0: none).
     */
    public record Subscription(String id, Selector selector, boolean logs, int coalesceMs) {
    }

    /** Runs a task after a delay: Vert.x timers in the gateway, a hand-turned clock in tests. */
    @FunctionalInterface
    public interface Timer {
        void after(long millis, Runnable task);
    }

    private final String id;
    private final Caller caller;
    private final ClientChannel channel;
    private final Outbox outbox;
    private final BiConsumer<StreamSession, String> fillLogs;
    private final Timer timer;
    private final Map<String, Frame> coalesced = new LinkedHashMap<>();
    private boolean flushScheduled;
    private boolean flushWhenCaughtUp;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, Long> sequences = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_JOBS;
        }
    };
    private final Map<String, LogStitch> logs = new HashMap<>();
    private int nextSubscription = 1;
    private boolean closed;
    private final FrameCounts counts;
    /** How many of the outbox's coalesced frames {@link #counts} has been told of. */
    private long coalescedCounted;

    /**
     * @param fillLogs asked to read a job's missing log lines from the history and hand them to {@link #filled}
     */
    public StreamSession(String id, Caller caller, ClientChannel channel, int window, int queueLimit,
            BiConsumer<StreamSession, String> fillLogs, Timer timer, FrameCounts counts) {
        this.id = id;
        this.counts = counts;
        this.caller = caller;
        this.channel = channel;
        this.outbox = new Outbox(window, queueLimit, Frame::logGap);
        this.fillLogs = fillLogs;
        this.timer = timer;
    }

    public String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    public String tenant() {
        return caller.tenant();
    }

    // --- subscriptions -------------------------------------------------------------------------------------------

    public synchronized Subscription subscribe(Selector selector, boolean withLogs, int coalesceMs) {
        Subscription subscription = new Subscription("s" + nextSubscription++, selector, withLogs, coalesceMs);
        subscriptions.put(subscription.id(), subscription);
        return subscription;
    }

    public synchronized List<Subscription> unsubscribe(String subscriptionId, Selector selector) {
        List<Subscription> removed = new ArrayList<>();
        subscriptions.values().removeIf(s -> {
            boolean match = subscriptionId != null ? s.id().equals(subscriptionId) : s.selector().equals(selector);
            if (match) {
                removed.add(s);
            }
            return match;
        });
        return removed;
    }

    public synchronized List<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    /** How many subscriptions it holds, counting each job id of a job subscription. */
    public synchronized int subscriptionWeight() {
        return subscriptions.values().stream().mapToInt(s -> s.selector().weight()).sum();
    }

    private boolean coversLogs(String jobId, String batchId, Map<String, String> labels) {
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.logs() && subscription.selector().covers(jobId, batchId, labels)) {
                return true;
            }
        }
        return false;
    }

    /** The shortest coalescing interval of the subscriptions that cover a job: 0 for none, -1 when none covers it. */
    private int coalescing(String jobId, String batchId, Map<String, String> labels) {
        int shortest = -1;
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.selector().covers(jobId, batchId, labels)) {
                shortest = shortest < 0 ? subscription.coalesceMs() : Math.min(shortest, subscription.coalesceMs());
            }
        }
        return shortest;
    }

    // --- what the client has -------------------------------------------------------------------------------------

    /**
     * Records what a resuming client already has. A job's log already handed further on this session (live lines
     * can arrive while a subscription is still looking up where the log starts) keeps its place: starting it again
     * from an earlier line would send the lines in between twice.
     */
    public synchronized void resume(Map<String, Long> since, Map<String, LogPosition> logsAfter) {
        since.forEach((job, sequence) -> sequences.merge(job, sequence, Math::max));
        logsAfter.forEach((job, position) -> logs.merge(job, new LogStitch(position), (current, resumed) ->
                current.delivered() != null && current.delivered().compareTo(position) >= 0 ? current : resumed));
    }

    /** Starts following a job's log from its beginning, unless the client resumed it from a line it has. */
    public synchronized boolean startLogs(String jobId) {
        if (logs.containsKey(jobId)) {
            return false;
        }
        logs.put(jobId, new LogStitch(LogPosition.START));
        return true;
    }

    /** The last log line of the job handed to the client, or null. */
    public synchronized LogPosition logPosition(String jobId) {
        LogStitch stitch = logs.get(jobId);
        return stitch == null ? null : stitch.delivered();
    }

    // --- offers ----------------------------------------------------------------------------------------------------

    /** A job's snapshot, if a subscription covers it and it is newer than what the client has. */
    public void offerSnapshot(SnapshotHead snapshot, Frame frame) {
        String jobId = snapshot.jobId();
        long flushIn = 0;
        synchronized (this) {
            int coalesceMs = closed ? -1 : coalescing(jobId, snapshot.route().batchId(), snapshot.route().labels());
            Long last = sequences.get(jobId);
            if (coalesceMs < 0 || last != null && snapshot.sequence() <= last) {
                return;
            }
            sequences.put(jobId, snapshot.sequence());
            if (coalesceMs == 0) {
                coalesced.remove(jobId);
                outbox.offer(frame);
            } else {
                if (coalesced.put(jobId, frame) != null) {
                    counts.coalescedBySubscription();
                }
                if (snapshot.ended()) {
                    flushCoalesced();
                } else if (!flushScheduled) {
                    flushScheduled = true;
                    flushIn = coalesceMs;
                }
            }
        }
        if (flushIn > 0) {
            timer.after(flushIn, this::coalescingIsUp);
        }
        pump();
    }

    private void coalescingIsUp() {
        synchronized (this) {
            flushScheduled = false;
            if (closed) {
                return;
            }
            if (outbox.queued() > 0) {
                flushWhenCaughtUp = true;
                return;
            }
            flushCoalesced();
        }
        pump();
    }

    /** Hands what waits to the outbox as one message. Call with the lock held. */
    private void flushCoalesced() {
        flushWhenCaughtUp = false;
        if (!coalesced.isEmpty()) {
            outbox.offer(Frame.snapshots(coalesced.values()));
            coalesced.clear();
        }
    }

    /** Live log lines of a job, if a subscription with logs covers it. */
    public void offerLogs(String jobId, String batchId, Map<String, String> labels, List<LogTailEntry> lines) {
        boolean fill;
        synchronized (this) {
            if (closed || !coversLogs(jobId, batchId, labels)) {
                return;
            }
            LogStitch stitch = logs.computeIfAbsent(jobId, job -> new LogStitch(null));
            boolean wasFilling = stitch.filling();
            List<LogTailEntry> now = stitch.live(lines);
            if (!now.isEmpty()) {
                outbox.offer(Frame.logs(jobId, now));
            }
            fill = stitch.filling() && !wasFilling;
        }
        if (fill) {
            fillLogs.accept(this, jobId);
        }
        pump();
    }

    /**
     * Lines read from the history after {@link #logPosition}; returns whether the gap is still open and the history
     * should be asked again.
     */
    public boolean filled(String jobId, List<LogTailEntry> lines, boolean giveUp) {
        boolean again;
        synchronized (this) {
            LogStitch stitch = logs.get(jobId);
            if (closed || stitch == null) {
                return false;
            }
            LogStitch.Filled filled = stitch.filled(lines, giveUp);
            if (!filled.lines().isEmpty()) {
                outbox.offer(Frame.logs(jobId, filled.lines()));
            }
            if (filled.gapAfter() != null) {
                outbox.offer(Frame.missingLogs(jobId, filled.gapAfter()));
            }
            again = filled.stillOpen();
        }
        pump();
        return again;
    }

    /** A reply, an error or an alert: always delivered, after the snapshots offered before it. */
    public void offerMessage(Frame frame) {
        synchronized (this) {
            if (closed) {
                return;
            }
            flushCoalesced();
            outbox.offer(frame);
        }
        pump();
    }

    public void close(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        channel.close(code, reason);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Writes what the window allows. Frames are taken and handed to the channel under the lock, one after the other,
     * so they leave in queue order even when a completion re-enters from another thread.
     */
    private void pump() {
        boolean tooSlow;
        synchronized (this) {
            if (closed) {
                return;
            }
            tooSlow = outbox.overflowing();
            if (outbox.coalesced() > coalescedCounted) {
                counts.coalescedForSlowClient(outbox.coalesced() - coalescedCounted);
                coalescedCounted = outbox.coalesced();
            }
            Frame frame;
            while (!tooSlow && (frame = outbox.next()) != null) {
                counts.sent();
                channel.send(frame).subscribe().with(ok -> sent(), failure -> {
                    sent();
                    close(1011, "the connection failed");
                });
            }
        }
        if (tooSlow) {
            close(1008, "the client does not read its messages");
        }
    }

    private void sent() {
        synchronized (this) {
            outbox.sent();
            if (flushWhenCaughtUp && outbox.queued() == 0) {
                flushCoalesced();
            }
        }
        pump();
    }
}
