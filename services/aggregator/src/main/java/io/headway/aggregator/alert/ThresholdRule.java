package io.headway.aggregator.alert;

import io.headway.events.AlertSeverity;
import io.headway.events.state.JobState;
import java.time.Duration;
import java.time.Instant;

/**
 * A tenant's threshold on one measure of its running jobs, such as {@code issuesFound > 0} or
 * {@code cpuPercent > 90 for 60 s}: the condition must hold for {@code holdFor} before the alert is raised, and be
 * gone as long before it is resolved.
 *
 * @param jobType the type it applies to; null for every type
 * @param metric  a counter's name, or one of {@code progress}, {@code unitsPerSecond}, {@code cpuPercent},
 *                {@code rssBytes}, {@code elapsedSeconds}
 */
public record ThresholdRule(String ruleId, String tenant, String name, String jobType, String metric,
        Comparison comparison, double threshold, Duration holdFor, AlertSeverity severity) {

    /** How a measured value is compared with the threshold. */
    public enum Comparison {
        ABOVE(">"), AT_LEAST(">="), BELOW("<"), AT_MOST("<="), EQUAL("=="), NOT_EQUAL("!=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public static Comparison of(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown comparison " + symbol);
        }

        boolean holds(double value, double threshold) {
            return switch (this) {
                case ABOVE -> value > threshold;
                case AT_LEAST -> value >= threshold;
                case BELOW -> value < threshold;
                case AT_MOST -> value <= threshold;
                case EQUAL -> value == threshold;
                case NOT_EQUAL -> value != threshold;
            };
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    /** Whether the rule looks at jobs of this tenant and type. */
    public boolean appliesTo(JobState job) {
        return tenant.equals(job.tenant()) && (jobType == null || jobType.equals(job.jobType()));
    }

    /** The job's value of the metric now; null when the job has not reported it. */
    public Double measure(JobState job, Instant now) {
        return switch (metric) {
            case "progress" -> job.progress();
            case "unitsPerSecond" -> job.units() == null ? null : job.units().perSecond();
            case "cpuPercent" -> job.resources() == null ? null : job.resources().cpuPercent();
            case "rssBytes" -> job.resources() == null ? null : (double) job.resources().rssBytes();
            case "elapsedSeconds" -> job.startedAt() == null ? null
                    : Duration.between(job.startedAt(), now).toMillis() / 1000.0;
            default -> {
                Long counter = job.counters().get(metric);
                yield counter == null ? null : counter.doubleValue();
            }
        };
    }

    /** The condition this rule finds in the job now, or null when it does not hold. */
    Condition check(JobState job, Instant now, Duration resolveAfter) {
        Double value = measure(job, now);
        if (value == null || !comparison.holds(value, threshold)) {
            return null;
        }
        String held = holdFor.isZero() ? "" : " for " + Durations.words(holdFor);
        Duration clear = holdFor.compareTo(resolveAfter) > 0 ? holdFor : resolveAfter;
        return Condition.ofRule(ruleId, severity, name + ": " + metric + " is " + Durations.number(value) + " ("
                + comparison + " " + Durations.number(threshold) + held + ")", holdFor, clear);
    }
}
