package io.headway.gateway.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The latest snapshot of each job this gateway routed in the last minute, as it came, with its sequence. The stream
 * pushes snapshots as they come from the aggregator (over Redis pub/sub, and from {@code headway.job-state}), while
 * the Redis keys are written behind them: a REST read or a new subscription that took those alone could show an older
 * state than the stream already pushed. {@link io.headway.gateway.service.JobAccess} takes the newer of the two, so
 * every path shows what the stream shows. The sequence also tells the stream's two feeds which of them brought a
 * snapshot first: the other one skips it.
 *
 * <p>Only recent snapshots are kept (after a minute Redis has long caught up) and at most 64 MB of them; storing one
 * is a map update, so the live path does not pay for it.
 */
@ApplicationScoped
public class RecentSnapshots {

    private static final Duration KEPT = Duration.ofMinutes(1);
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    // Cache upkeep on the writing thread: on the common pool it woke a thread per write (docs/benchmarks.md).
    private final Cache<String, Held> latest = Caffeine.newBuilder().expireAfterWrite(KEPT)
            .maximumWeight(MAX_BYTES).<String, Held>weigher((jobId, held) -> held.json().length)
            .executor(Runnable::run).build();

    private record Held(long sequence, byte[] json) {
    }

    /**
     * Keeps a job's snapshot unless one as new or newer is held; returns whether it was kept, that is whether it is
     * news to this gateway.
     */
    public boolean offer(String jobId, long sequence, byte[] json) {
        boolean[] kept = {false};
        latest.asMap().compute(jobId, (id, held) -> {
            if (held != null && held.sequence() >= sequence) {
                return held;
            }
            kept[0] = true;
            return new Held(sequence, json);
        });
        return kept[0];
    }

    /** Forgets a job (its snapshot was deleted from the topic). */
    public void forget(String jobId) {
        latest.invalidate(jobId);
    }

    /** The snapshots held of these jobs, as JSON by job id. */
    public Map<String, String> of(Collection<String> jobIds) {
        Map<String, String> found = new HashMap<>();
        latest.getAllPresent(jobIds).forEach((jobId, held) -> found.put(jobId,
                new String(held.json(), StandardCharsets.UTF_8)));
        return found;
    }
}
