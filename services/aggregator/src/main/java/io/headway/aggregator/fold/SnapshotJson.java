package io.headway.aggregator.fold;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headway.events.JobSnapshot;
import io.headway.events.codec.Codec;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobState;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A folded state's snapshot as JSON, encoded once: job-state, Redis and PostgreSQL all take the same bytes (the
 * snapshot is a function of the state alone), and encoding it three times was about a tenth of the aggregator's CPU
 * (JFR under {@code bench pipeline}). States are immutable and compared by identity here, and an entry lives only as
 * long as its state is referenced (queued for the stores), so the cache never returns another state's bytes.
 */
@ApplicationScoped
public class SnapshotJson {

    private final Codec<JobSnapshot> codec = WireType.JOB_STATE.codec();
    // Cache upkeep on the writing thread: on the common pool it woke a thread per write (docs/benchmarks.md).
    private final Cache<JobState, byte[]> encoded = Caffeine.newBuilder().weakKeys().maximumSize(200_000)
            .executor(Runnable::run).build();

    public byte[] of(JobState state) {
        return encoded.get(state, s -> codec.encode(JobSnapshot.of(s)));
    }
}
