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
 * The latest snapshot of each job this gateway read from {@code headway.job-state} in the last minute, as it came.
 * The stream pushes snapshots straight from that topic, while Redis is written behind it: a REST read or a new
 * subscription that took Redis alone could show an older state than the stream already pushed. {@link
 * io.headway.gateway.service.JobAccess} takes the newer of the two, so every path shows what the stream shows.
 *
 * <p>Only recent snapshots are kept (after a minute Redis has long caught up) and at most 64 MB of them; storing one
 * is a map update, so the live path does not pay for it.
 */
@ApplicationScoped
public class RecentSnapshots {

    private static final Duration KEPT = Duration.ofMinutes(1);
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    // Cache upkeep on the writing thread: on the common pool it woke a thread per write (docs/benchmarks.md).
    private final Cache<String, byte[]> latest = Caffeine.newBuilder().expireAfterWrite(KEPT)
            .maximumWeight(MAX_BYTES).<String, byte[]>weigher((jobId, json) -> json.length)
            .executor(Runnable::run).build();

    /** A job's snapshot as read from the topic; a tombstone (null) forgets the job. */
    public void offer(String jobId, byte[] json) {
        if (json == null) {
            latest.invalidate(jobId);
        } else {
            latest.put(jobId, json);
        }
    }

    /** The snapshots held of these jobs, as JSON by job id. */
    public Map<String, String> of(Collection<String> jobIds) {
        Map<String, String> found = new HashMap<>();
        latest.getAllPresent(jobIds).forEach((jobId, json) -> found.put(jobId,
                new String(json, StandardCharsets.UTF_8)));
        return found;
    }
}
