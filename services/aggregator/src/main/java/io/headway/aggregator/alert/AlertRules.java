package io.headway.aggregator.alert;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The built-in rules and the tenant's thresholds, applied to one job at one moment: which conditions hold. Pure; the
 * {@link JobAlerts} of the job turns conditions into raised, updated and resolved alerts.
 *
 * <ul>
 *   <li><b>stalled</b>: a running job that has not moved on ({@link JobState#progressedAt}) for longer than its
 *   type's threshold: far beyond the longest wait between progress reports its type usually has, or the default
 *   without history; or whose executor's heartbeat is lost. A paused or waiting job is never stalled.</li>
 *   <li><b>slower than usual</b>: a running job whose projected duration (elapsed plus the latest estimate of the time
 *   left, or elapsed over progress without one) is beyond the 90th percentile of its type's history; judged only
 *   with enough history, and it holds, once raised, until the projection is back a margin below (hysteresis).</li>
 *   <li><b>failed</b>, <b>retries exhausted</b>, <b>timed out</b>: how a job ended ({@link #outcome}).</li>
 *   <li><b>thresholds</b>: the tenant's {@link ThresholdRule rules} for the job's type.</li>
 * </ul>
 */
public final class AlertRules {

    private final AlertSettings settings;

    public AlertRules(AlertSettings settings) {
        this.settings = settings;
    }

    /**
     * The conditions that hold for a job that has not ended.
     *
     * @param open             whether an alert of a condition key is open now (for hysteresis)
     * @param executorSilentFor how long the job's executor has sent no heartbeat, when it has gone silent; else null
     */
    public List<Condition> conditions(JobState job, Instant now, Baseline baseline, List<ThresholdRule> rules,
            Duration executorSilentFor, Predicate<String> open) {
        List<Condition> holding = new ArrayList<>();
        if (job.status() == JobStatus.RUNNING) {
            Condition stalled = stalled(job, now, baseline, executorSilentFor);
            if (stalled != null) {
                holding.add(stalled);
            }
            Condition slower = slower(job, now, baseline, open.test(Alert.SLOWER_THAN_USUAL));
            if (slower != null) {
                holding.add(slower);
            }
        }
        for (ThresholdRule rule : rules) {
            if (rule.appliesTo(job)) {
                Condition reached = rule.check(job, now, settings.resolveAfter());
                if (reached != null) {
                    holding.add(reached);
                }
            }
        }
        return holding;
    }

    /** The alerts a job's end raises: none for a success or a cancellation. */
    public List<Condition> outcome(JobState job) {
        String error = job.outcome() == null || job.outcome().error() == null ? "" : ": " + job.outcome().error();
        Condition ended = switch (job.status()) {
            case FAILED -> job.attempt() > 1
                    ? Condition.of(Alert.RETRIES_EXHAUSTED, AlertSeverity.CRITICAL,
                            "failed on its last attempt (" + job.attempt() + ")" + error, Duration.ZERO, Duration.ZERO)
                    : Condition.of(Alert.FAILED, AlertSeverity.CRITICAL, "failed" + error, Duration.ZERO,
                            Duration.ZERO);
            case TIMED_OUT -> Condition.of(Alert.TIMED_OUT, AlertSeverity.CRITICAL, job.outcome() != null
                    && job.outcome().timeoutMs() != null
                    ? "timed out after " + Durations.words(Duration.ofMillis(job.outcome().timeoutMs()))
                    : "timed out", Duration.ZERO, Duration.ZERO);
            default -> null;
        };
        return ended == null ? List.of() : List.of(ended);
    }

    /** How long a job of this type may go without moving on before it counts as stalled. */
    public Duration stallThreshold(Baseline baseline) {
        if (baseline.longestGap() == null || baseline.samples() < settings.minHistory()) {
            return settings.stallDefault();
        }
        Duration learnt = baseline.longestGap().multipliedBy(settings.stallFactor());
        return learnt.compareTo(settings.stallMinimum()) < 0 ? settings.stallMinimum() : learnt;
    }

    private Condition stalled(JobState job, Instant now, Baseline baseline, Duration executorSilentFor) {
        if (executorSilentFor != null && !job.external()) {
            return Condition.of(Alert.STALLED, AlertSeverity.WARNING, "its executor " + job.executorId()
                    + " has sent no heartbeat for " + Durations.words(executorSilentFor), Duration.ZERO,
                    Duration.ZERO);
        }
        Instant since = job.progressedAt() != null ? job.progressedAt() : job.startedAt();
        if (since == null) {
            return null;
        }
        Duration quiet = Duration.between(since, now);
        Duration threshold = stallThreshold(baseline);
        if (quiet.compareTo(threshold) <= 0) {
            return null;
        }
        String learnt = threshold.equals(settings.stallDefault()) ? "the default " : "its type's ";
        return Condition.of(Alert.STALLED, AlertSeverity.WARNING, "no progress for " + Durations.words(quiet)
                + " (" + learnt + "threshold is " + Durations.words(threshold) + ")", Duration.ZERO, Duration.ZERO);
    }

    private Condition slower(JobState job, Instant now, Baseline baseline, boolean alreadyOpen) {
        if (baseline.p90Duration() == null || baseline.samples() < settings.minHistory() || job.startedAt() == null) {
            return null;
        }
        Duration elapsed = Duration.between(job.startedAt(), now);
        Duration projected = projected(job, now, elapsed);
        long limit = baseline.p90Duration().toMillis();
        // Once raised, it holds until the projection is back a margin below the line: no flapping on the line.
        long line = alreadyOpen ? Math.round(limit * (1 - settings.slowHysteresis())) : limit;
        if (projected.toMillis() <= line) {
            return null;
        }
        String basis = baseline.sameParameters() ? "jobs of this type with the same parameters" : "jobs of this type";
        return Condition.of(Alert.SLOWER_THAN_USUAL, AlertSeverity.WARNING, "projected to take "
                + Durations.words(projected) + ", beyond the " + Durations.words(baseline.p90Duration())
                + " that 90 % of " + baseline.samples() + " " + basis + " took", settings.slowFor(),
                settings.slowFor());
    }

    /** Elapsed plus the latest estimate of the time left, or, without an estimate, elapsed scaled by progress. */
    static Duration projected(JobState job, Instant now, Duration elapsed) {
        if (job.eta() != null) {
            long age = Duration.between(job.eta().estimatedAt(), now).toMillis();
            return elapsed.plusMillis(Math.max(0, job.eta().remainingMs() - Math.max(0, age)));
        }
        if (job.progress() >= 0.05) {
            return Duration.ofMillis(Math.round(elapsed.toMillis() / job.progress()));
        }
        return elapsed;
    }
}
