package io.headway.bench.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.HdrHistogram.Histogram;

/** A latency distribution in milliseconds, read from a histogram of microseconds, as the JSON line carries it. */
public record Percentiles(double p50, double p90, double p99, @JsonProperty("p99.9") double p999, double max,
        long count) {

    public static Percentiles of(Histogram microseconds) {
        return new Percentiles(ms(microseconds.getValueAtPercentile(50)), ms(microseconds.getValueAtPercentile(90)),
                ms(microseconds.getValueAtPercentile(99)), ms(microseconds.getValueAtPercentile(99.9)),
                ms(microseconds.getMaxValue()), microseconds.getTotalCount());
    }

    void print(String what) {
        System.out.printf("%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (%,d samples)%n",
                what, p50, p90, p99, p999, max, count);
    }

    /** Two decimals: what every figure of the JSON line is rounded to. */
    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double ms(long microseconds) {
        return round(microseconds / 1000.0);
    }
}
