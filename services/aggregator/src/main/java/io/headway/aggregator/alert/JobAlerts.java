package io.headway.aggregator.alert;

import io.headway.events.Alert;
import io.headway.events.AlertState;
import io.headway.events.state.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One job's alerts over time: turns the conditions that hold at each look into alerts raised once, updated while
 * they hold (when the message changes, at most every {@code updateEvery}), and resolved when the condition has been
 * gone long enough or the job ends. Pure and not thread-safe: its owner looks at one job from one thread.
 *
 * <p>A condition is pending until it has held for its {@code raiseAfter}; an open alert whose condition is gone is
 * clearing until {@code resolveAfter} has passed, and stays open if the condition returns meanwhile. Alerts of how a
 * job ended (failed, timed out) are raised at its end and stay raised: nothing can clear them.
 */
public final class JobAlerts {

    private final String jobId;
    private final Duration updateEvery;
    private final Map<String, Tracked> byKey = new HashMap<>();

    private static final class Tracked {
        Instant pendingSince;
        Alert open;
        Instant lastChange;
        Instant clearingSince;
        Duration resolveAfter = Duration.ZERO;
    }

    public JobAlerts(String jobId, Duration updateEvery) {
        this.jobId = jobId;
        this.updateEvery = updateEvery;
    }

    /** Takes an alert raised before (by an earlier instance) as open, so it is updated and resolved, not raised again. */
    public void adopt(String key, Alert open) {
        Tracked tracked = byKey.computeIfAbsent(key, k -> new Tracked());
        tracked.open = open;
        tracked.lastChange = open.at();
    }

    /** Whether an alert of this condition key is open. */
    public boolean isOpen(String key) {
        Tracked tracked = byKey.get(key);
        return tracked != null && tracked.open != null;
    }

    /** Whether nothing is open or pending: the job needs no memory of its alerts. */
    public boolean isQuiet() {
        return byKey.values().stream().allMatch(t -> t.open == null && t.pendingSince == null);
    }

    /** The alerts that change now that {@code holding} are the conditions of a job that has not ended. */
    public List<Alert> look(JobState job, Collection<Condition> holding, Instant now) {
        List<Alert> changes = new ArrayList<>();
        Map<String, Condition> current = new HashMap<>();
        holding.forEach(c -> current.put(c.key(), c));
        for (Condition condition : holding) {
            Tracked tracked = byKey.computeIfAbsent(condition.key(), k -> new Tracked());
            tracked.clearingSince = null;
            tracked.resolveAfter = condition.resolveAfter();
            if (tracked.open == null) {
                if (tracked.pendingSince == null) {
                    tracked.pendingSince = now;
                }
                if (!now.isBefore(tracked.pendingSince.plus(condition.raiseAfter()))) {
                    tracked.open = raise(job, condition, now);
                    tracked.pendingSince = null;
                    tracked.lastChange = now;
                    changes.add(tracked.open);
                }
            } else if (!condition.message().equals(tracked.open.message())
                    && !now.isBefore(tracked.lastChange.plus(updateEvery))) {
                tracked.open = tracked.open.next(AlertState.UPDATED, condition.message(), now);
                tracked.lastChange = now;
                changes.add(tracked.open);
            }
        }
        for (Map.Entry<String, Tracked> entry : byKey.entrySet()) {
            if (current.containsKey(entry.getKey())) {
                continue;
            }
            Tracked tracked = entry.getValue();
            tracked.pendingSince = null;
            if (tracked.open == null) {
                continue;
            }
            if (tracked.clearingSince == null) {
                tracked.clearingSince = now;
            }
            if (!now.isBefore(tracked.clearingSince.plus(tracked.resolveAfter))) {
                changes.add(tracked.open.next(AlertState.RESOLVED, "cleared: " + tracked.open.message(), now));
                tracked.open = null;
                tracked.clearingSince = null;
            }
        }
        byKey.values().removeIf(t -> t.open == null && t.pendingSince == null);
        return changes;
    }

    /**
     * The alerts that change as the job ends: every open one is resolved, and {@code outcome} (how it ended, if that
     * deserves an alert) is raised.
     */
    public List<Alert> end(JobState job, Collection<Condition> outcome, Instant now) {
        List<Alert> changes = new ArrayList<>();
        for (Tracked tracked : byKey.values()) {
            if (tracked.open != null) {
                changes.add(tracked.open.next(AlertState.RESOLVED, "the job ended (" + job.status() + "): "
                        + tracked.open.message(), now));
            }
        }
        byKey.clear();
        // How a job ended is a fact of its events: the same id and time however often its end is seen (a replay
        // after a crash, another instance), so history stores it and its deliveries go out once.
        Instant ended = job.finishedAt() != null ? job.finishedAt() : now;
        for (Condition condition : outcome) {
            UUID alertId = UUID.nameUUIDFromBytes((jobId + "/" + condition.key() + "/" + job.attempt())
                    .getBytes(StandardCharsets.UTF_8));
            changes.add(new Alert(alertId, jobId, job.tenant(), condition.kind(), condition.severity(),
                    AlertState.RAISED, condition.message(), condition.ruleId(), ended, ended));
        }
        return changes;
    }

    private Alert raise(JobState job, Condition condition, Instant now) {
        return new Alert(UUID.randomUUID(), jobId, job.tenant(), condition.kind(), condition.severity(),
                AlertState.RAISED, condition.message(), condition.ruleId(), now, now);
    }
}
