package io.headway.gateway.stream;

import io.headway.stream.LogPosition;
import io.headway.events.live.LogTailEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins one job's log lines for one client from two sources, live batches off Kafka and lines read back from the
 * history, so that the client gets every line exactly once and in order. Live lines that would leave a gap (the
 * client reconnected, or the gateway started after they were sent) are held back while the gap is filled from the
 * history; lines the client already has are dropped.
 *
 * <p>Not thread-safe: the session that owns it serialises access.
 */
public final class LogStitch {

    private LogPosition delivered;
    private final List<LogTailEntry> held = new ArrayList<>();
    private boolean filling;

    /**
     * @param delivered the last line the client has, or null when it has none and wants only new lines
     */
    public LogStitch(LogPosition delivered) {
        this.delivered = delivered;
    }

    /** The last line handed to the client, or null. */
    public LogPosition delivered() {
        return delivered;
    }

    /** Whether lines are held back until {@link #filled} is called with the missing ones. */
    public boolean filling() {
        return filling;
    }

    /** Takes a live batch; returns the lines to send now. When {@link #filling()} turns true, fill the gap. */
    public List<LogTailEntry> live(List<LogTailEntry> lines) {
        if (filling) {
            held.addAll(lines);
            return List.of();
        }
        List<LogTailEntry> now = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            LogPosition position = LogPosition.of(lines.get(i));
            if (delivered != null && position.compareTo(delivered) <= 0) {
                continue;
            }
            if (delivered != null && !delivered.isFollowedBy(position)) {
                filling = true;
                held.addAll(lines.subList(i, lines.size()));
                return now;
            }
            now.add(lines.get(i));
            delivered = position;
        }
        return now;
    }

    /**
     * Takes lines read from the history after {@link #delivered()}; returns those to send now, followed by the held
     * live lines that join up with them.
     *
     * @param giveUp when the history still cannot close the gap: send the held lines anyway and report it
     */
    public Filled filled(List<LogTailEntry> fromHistory, boolean giveUp) {
        List<LogTailEntry> now = new ArrayList<>();
        for (LogTailEntry line : fromHistory) {
            LogPosition position = LogPosition.of(line);
            if (delivered == null || position.compareTo(delivered) > 0) {
                now.add(line);
                delivered = position;
            }
        }
        held.removeIf(line -> delivered != null && LogPosition.of(line).compareTo(delivered) <= 0);
        LogPosition gapAfter = null;
        if (!held.isEmpty() && delivered != null && !delivered.isFollowedBy(LogPosition.of(held.getFirst()))) {
            if (!giveUp) {
                return new Filled(now, null, true);
            }
            gapAfter = delivered;
        }
        filling = false;
        for (LogTailEntry line : held) {
            LogPosition position = LogPosition.of(line);
            if (delivered == null || position.compareTo(delivered) > 0) {
                now.add(line);
                delivered = position;
            }
        }
        held.clear();
        return new Filled(now, gapAfter, false);
    }

    /**
     * What a fill produced.
     *
     * @param lines     to send now, in order
     * @param gapAfter  when lines after this position could not be found and were skipped; null when none were
     * @param stillOpen whether the gap remains and the history should be asked again later
     */
    public record Filled(List<LogTailEntry> lines, LogPosition gapAfter, boolean stillOpen) {
    }
}
