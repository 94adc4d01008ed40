package io.headway.gateway.stream;

import io.headway.stream.LogPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What one stream client has yet to receive. Up to {@code window} frames are written to its connection without
 * waiting; the rest queue. A client that keeps up therefore gets every frame. When the queue outgrows {@code limit},
 * it is coalesced: each job keeps only its newest snapshot (the terminal one, being the last, always survives), log
 * frames are dropped and replaced by one gap notice per job, and replies stay. A slow client so gets fewer, newer
 * updates, and costs at most one queued snapshot per job it follows, never an unbounded backlog.
 *
 * <p>Not thread-safe: the session that owns it serialises access.
 */
public final class Outbox {

    private final int window;
    private final int limit;
    private final BiFunction<String, LogPosition[], Frame> gapNotice;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private int inFlight;
    private long coalesced;

    /**
     * @param gapNotice makes the notice for a job's dropped log lines, given the first and last of them
     */
    public Outbox(int window, int limit, BiFunction<String, LogPosition[], Frame> gapNotice) {
        this.window = window;
        this.limit = limit;
        this.gapNotice = gapNotice;
    }

    public void offer(Frame frame) {
        queue.add(frame);
        if (queue.size() > limit) {
            compact();
        }
    }

    /** The next frame to write, or null while the window is full or nothing waits. Call {@link #sent()} after. */
    public Frame next() {
        if (inFlight >= window || queue.isEmpty()) {
            return null;
        }
        inFlight++;
        return queue.poll();
    }

    /** A frame written earlier has left. */
    public void sent() {
        inFlight--;
    }

    public int queued() {
        return queue.size();
    }

    /** How many frames coalescing has replaced or dropped so far. */
    public long coalesced() {
        return coalesced;
    }

    /** Whether even coalesced, the queue holds more replies than the limit: the client does not read at all. */
    public boolean overflowing() {
        return queue.size() > limit * 4;
    }

    private void compact() {
        Map<String, Frame> newest = new HashMap<>();
        Map<String, LogPosition[]> gaps = new LinkedHashMap<>();
        Map<String, Frame> lastLogFrame = new HashMap<>();
        for (Frame frame : queue) {
            switch (frame.kind()) {
                case SNAPSHOT -> newest.merge(frame.jobId(), frame, (a, b) -> b.sequence() >= a.sequence() ? b : a);
                case LOGS, LOG_GAP -> {
                    gaps.merge(frame.jobId(), new LogPosition[] {frame.first(), frame.last()},
                            (a, b) -> new LogPosition[] {a[0], b[1]});
                    lastLogFrame.put(frame.jobId(), frame);
                }
                case SNAPSHOTS, MESSAGE -> { }
            }
        }
        List<Frame> kept = new ArrayList<>(newest.size() + gaps.size());
        for (Frame frame : queue) {
            switch (frame.kind()) {
                case SNAPSHOT -> {
                    if (newest.get(frame.jobId()) == frame) {
                        kept.add(frame);
                    }
                }
                case LOGS, LOG_GAP -> {
                    if (lastLogFrame.get(frame.jobId()) == frame) {
                        kept.add(gapNotice.apply(frame.jobId(), gaps.get(frame.jobId())));
                    }
                }
                case SNAPSHOTS, MESSAGE -> kept.add(frame);
            }
        }
        coalesced += queue.size() - kept.size();
        queue.clear();
        queue.addAll(kept);
    }
}
