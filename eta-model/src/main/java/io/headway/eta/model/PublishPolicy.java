package io.headway.eta.model;

/**
 * When an estimate is worth publishing: the first one of a job at once, then at most one per {@link #MIN_INTERVAL_MS}
 * of log time, and only when it differs meaningfully from what the last one, counted down since, already says: the
 * remaining time by more than {@link #CHANGE} of itself (and more than {@link #MIN_CHANGE_MS}), or the range's width
 * by more than {@link #RANGE_CHANGE} on a log scale. A job running to plan therefore publishes rarely; one whose
 * outlook moves publishes about once a second. The service and the evaluator's {@code --predictions} decide alike.
 */
public final class PublishPolicy {

    static final long MIN_INTERVAL_MS = 1_000;
    static final double CHANGE = 0.05;
    static final long MIN_CHANGE_MS = 1_000;
    static final double RANGE_CHANGE = 0.2;

    private PublishPolicy() {
    }

    /**
     * @param last      the last estimate published for the job, or null for none
     * @param lastAtMs  when it was published (log time)
     * @param next      the estimate now
     * @param nowMs     log time now
     */
    public static boolean shouldPublish(Estimate last, long lastAtMs, Estimate next, long nowMs) {
        if (last == null) {
            return true;
        }
        if (!due(lastAtMs, nowMs)) {
            return false;
        }
        long since = nowMs - lastAtMs;
        double projected = Math.max(0, last.remainingMs() - since);
        double change = Math.abs(next.remainingMs() - projected);
        if (change > MIN_CHANGE_MS && change > CHANGE * Math.max(projected, next.remainingMs())) {
            return true;
        }
        return Math.abs(logWidth(next) - logWidth(last)) > RANGE_CHANGE;
    }

    /**
     * Whether enough log time has passed since the last estimate was published for another to go out, whatever it
     * says: when not, there is no need to compute one.
     */
    public static boolean due(long lastAtMs, long nowMs) {
        return nowMs - lastAtMs >= MIN_INTERVAL_MS;
    }

    private static double logWidth(Estimate e) {
        return Math.log((e.highMs() + 1.0) / (e.lowMs() + 1.0));
    }
}
