package io.headway.eta.metrics;

import io.headway.eta.model.CheckpointScore;
import io.headway.eta.model.JobScore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * The predictor's accuracy and work as Prometheus metrics: {@code headway_eta_error_ratio} (the absolute percentage
 * error of the remaining time, as a fraction, with its median and 90th percentile, per job type and checkpoint),
 * {@code headway_eta_range_total} (scored estimates, by whether the range held the truth) and
 * {@code headway_eta_published_total}. The per-tenant JSON report is the gateway's, from the same scores in history.
 */
@ApplicationScoped
public class AccuracyMetrics {

    private final MeterRegistry registry;
    private final Counter published;
    private final Counter unreadable;

    public AccuracyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.published = Counter.builder("headway.eta.published").description("EtaEstimated events written")
                .register(registry);
        this.unreadable = Counter.builder("headway.eta.unreadable")
                .description("progress records it could not decode and skipped (the aggregator dead-letters them)")
                .register(registry);
    }

    public void scored(JobScore score) {
        for (CheckpointScore s : score.scores()) {
            String checkpoint = String.format(Locale.ROOT, "%d", Math.round(s.level() * 100));
            DistributionSummary.builder("headway.eta.error.ratio")
                    .description("absolute error of the estimated remaining time relative to the truth")
                    .tag("job_type", score.jobType()).tag("checkpoint", checkpoint)
                    .publishPercentiles(0.5, 0.9)
                    .register(registry).record(s.absolutePercentageError());
            Counter.builder("headway.eta.range").description("scored estimates, by whether the range held the truth")
                    .tag("job_type", score.jobType()).tag("held", Boolean.toString(s.covered()))
                    .register(registry).increment();
        }
    }

    public void published() {
        published.increment();
    }

    public void unreadable() {
        unreadable.increment();
    }
}
