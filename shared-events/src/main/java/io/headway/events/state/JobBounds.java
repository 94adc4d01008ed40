package io.headway.events.state;

import io.headway.events.Require;

/**
 * What bounds a job's state beyond what each event bounds ({@link Require}): counters and stages accumulate over
 * events, so a job holds at most {@value #MAX_COUNTERS} counters, {@value Require#MAX_STAGES} stages and
 * {@value #MAX_ARTIFACTS} artifacts (previews included). With every
 * text and map on the wire bounded too, a snapshot stays well under Kafka's default record size of 1 MB (at most
 * about 640 KB even if every character had to be escaped), so it can always be published.
 *
 * <p>An event that would take a job beyond a bound is refused, with this reason, rather than folded: by the
 * aggregator into a dead-letter record, by the gateway as a 422 to the reporter.
 */
public final class JobBounds {

    public static final int MAX_COUNTERS = 128;
    public static final int MAX_ARTIFACTS = 100;

    private JobBounds() {
    }

    /**
     * Why {@code after} has gone beyond a bound that {@code before} kept, or null when it has not. A state that was
     * already beyond one (folded before the bounds existed) only may not grow further that way, so its job can still
     * end.
     */
    public static String exceeded(JobState before, JobState after) {
        int counters = after.counters().size();
        if (counters > MAX_COUNTERS && counters > before.counters().size()) {
            return "job " + after.jobId() + " would hold " + counters + " counters; a job holds at most "
                    + MAX_COUNTERS;
        }
        int stages = after.stages().size();
        if (stages > Require.MAX_STAGES && stages > before.stages().size()) {
            return "job " + after.jobId() + " would hold " + stages + " stages; a job holds at most "
                    + Require.MAX_STAGES;
        }
        int artifacts = after.artifacts().size();
        if (artifacts > MAX_ARTIFACTS && artifacts > before.artifacts().size()) {
            return "job " + after.jobId() + " would hold " + artifacts + " artifacts; a job holds at most "
                    + MAX_ARTIFACTS;
        }
        return null;
    }
}
