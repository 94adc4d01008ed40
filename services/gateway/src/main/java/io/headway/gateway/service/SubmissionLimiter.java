package io.headway.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.RequestError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-key submission rate limit: a token bucket per key (Bucket4j), {@code submit-burst} deep, refilled at
 * {@code submit-rate} per {@code submit-rate-period} (a second by default). A batch takes one token per job. Buckets live in this instance, so N gateway
 * instances behind a balancer let a key through at up to N times the rate; the limit protects each instance and
 * the executors behind it from one runaway client.
 */
@ApplicationScoped
public class SubmissionLimiter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
            .maximumSize(100_000).executor(Runnable::run).build();
    private final GatewayConfig.Limits limits;

    public SubmissionLimiter(GatewayConfig config) {
        this.limits = config.limits();
    }

    /** Takes {@code jobs} tokens from the caller's bucket, or fails with 429 and when to retry. */
    public void acquire(Caller caller, int jobs) {
        if (jobs > limits.submitBurst()) {
            throw RequestError.unacceptable("a submission may hold at most " + limits.submitBurst() + " jobs",
                    List.of());
        }
        ConsumptionProbe probe = buckets.get(caller.keyId(), key -> newBucket())
                .tryConsumeAndReturnRemaining(jobs);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
            throw RequestError.tooMany("this key may submit " + limits.submitRate() + " jobs per " + period()
                    + " (bursts of " + limits.submitBurst() + "); retry in " + seconds + " s", seconds);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(limits.submitBurst())
                .refillGreedy(limits.submitRate(), limits.submitRatePeriod()).build()).build();
    }

    private String period() {
        Duration period = limits.submitRatePeriod();
        return period.equals(Duration.ofSeconds(1)) ? "second" : period.toSeconds() + " s";
    }
}
