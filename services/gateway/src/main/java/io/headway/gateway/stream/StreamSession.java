package io.headway.gateway.stream;

import io.headway.events.live.LogTailEntry;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.domain.Frame;
import io.headway.gateway.domain.LogPosition;
import io.headway.gateway.domain.LogStitch;
import io.headway.gateway.domain.Outbox;
import io.headway.gateway.domain.Selector;
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
 * <p>Offers come from the Kafka feeds and from the client's own requests at once; a lock per session serialises
 * them, and the writes too, so frames leave in order.
 */
public final class StreamSession {

    /** Snapshot sequences remembered per session; the oldest are forgotten beyond this (they are only resent). */
    private static final int REMEMBERED_JOBS = 50_000;

    /** One subscription and whether it streams the jobs' log lines too. */
    public record Subscription(String id, Selector selector, boolean logs) {
    }

    private final String id;
    private final Caller caller;
    private final ClientChannel channel;
    private final Outbox outbox;
    private final BiConsumer<StreamSession, String> fillLogs;
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

    /**
     * @param fillLogs asked to read a job's missing log lines from the history and hand them to {@link #filled}
     */
    public StreamSession(String id, Caller caller, ClientChannel channel, int window, int queueLimit,
            BiConsumer<StreamSession, String> fillLogs) {
        this.id = id;
        this.caller = caller;
        this.channel = channel;
        this.outbox = new Outbox(window, queueLimit, Frames::logGap);
        this.fillLogs = fillLogs;
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

    public synchronized Subscription subscribe(Selector selector, boolean withLogs) {
        Subscription subscription = new Subscription("s" + nextSubscription++, selector, withLogs);
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

    private boolean covers(String jobId, String batchId, Map<String, String> labels, boolean needLogs) {
        for (Subscription subscription : subscriptions.values()) {
            if ((!needLogs || subscription.logs()) && subscription.selector().covers(jobId, batchId, labels)) {
                return true;
            }
        }
        return false;
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
        synchronized (this) {
            if (closed || !covers(jobId, snapshot.route().batchId(), snapshot.route().labels(), false)) {
                return;
            }
            Long last = sequences.get(jobId);
            if (last != null && snapshot.sequence() <= last) {
                return;
            }
            sequences.put(jobId, snapshot.sequence());
            outbox.offer(frame);
        }
        pump();
    }

    /** Live log lines of a job, if a subscription with logs covers it. */
    public void offerLogs(String jobId, String batchId, Map<String, String> labels, List<LogTailEntry> lines) {
        boolean fill;
        synchronized (this) {
            if (closed || !covers(jobId, batchId, labels, true)) {
                return;
            }
            LogStitch stitch = logs.computeIfAbsent(jobId, job -> new LogStitch(null));
            boolean wasFilling = stitch.filling();
            List<LogTailEntry> now = stitch.live(lines);
            if (!now.isEmpty()) {
                outbox.offer(Frames.logs(jobId, now));
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
                outbox.offer(Frames.logs(jobId, filled.lines()));
            }
            if (filled.gapAfter() != null) {
                outbox.offer(Frames.missingLogs(jobId, filled.gapAfter()));
            }
            again = filled.stillOpen();
        }
        pump();
        return again;
    }

    /** A reply, an error or an alert: always delivered. */
    public void offerMessage(Frame frame) {
        synchronized (this) {
            if (closed) {
                return;
            }
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
            Frame frame;
            while (!tooSlow && (frame = outbox.next()) != null) {
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
        }
        pump();
    }
}
