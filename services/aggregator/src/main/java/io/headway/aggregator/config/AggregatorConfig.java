package io.headway.aggregator.config;

import io.headway.events.kafka.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the aggregator keeps live state. */
@ConfigMapping(prefix = "headway.aggregator")
public interface AggregatorConfig {

    /** The topics it reads and writes; the channels in application.properties take their names from here. */
    TopicNames topics();

    /**
     * How long an external job (one that reports its own progress) may go without reporting anything before it ends
     * as timed out: its reporter died, or never reported at all.
     */
    @WithDefault("1h")
    Duration externalIdleTimeout();

    /** How often the aggregator looks for quiet external jobs. */
    @WithDefault("1m")
    Duration externalCheckInterval();

    /**
     * How long a finished job stays in the history (and its artifacts in their store) after it ended; absent, the
     * default, keeps everything.
     */
    Optional<Duration> historyRetention();

    /** How often jobs past the history retention are looked for. */
    @WithDefault("1h")
    Duration retentionCheckInterval();

    /** How long an active job's live keys live without news; every change refreshes it. */
    @WithDefault("1h")
    Duration activeTtl();

    /** How long a finished job's live keys are kept after it ends. */
    @WithDefault("24h")
    Duration terminalRetention();

    /**
     * How many folded events history (Redis, then PostgreSQL) may trail the live snapshots by before the aggregator
     * waits for it: the bound on how far live runs ahead of durable, on a write's size and on the memory it takes.
     */
    @WithDefault("20000")
    int historyBacklog();

    /**
     * The least time between the starts of two history writes: batches folded meanwhile join the next write, so a
     * steady trickle of events costs a few transactions a second instead of one per batch. History trails the live
     * snapshots by up to this much more; the live path does not wait for it. 0 writes each batch at once.
     */
    @WithDefault("100ms")
    Duration historyLinger();

    /** How often the queue counts and batch progress of changed tenants and batches are recounted. */
    @WithDefault("1s")
    Duration aggregateInterval();

    /** How many of a job's latest log lines Redis keeps. */
    @WithDefault("1000")
    int logTail();

    /** How long an executor stays listed after its last heartbeat. */
    @WithDefault("30s")
    Duration executorTtl();

    /**
     * How long an executor may stay silent (no heartbeat) before the jobs it holds are handed to another executor, as
     * their next attempt. Longer than the executors' heartbeat interval, or live executors lose their jobs.
     */
    @WithDefault("15s")
    Duration failoverAfter();

    /** How often the aggregator checks whether Redis lost the live state and must be rebuilt. */
    @WithDefault("5s")
    Duration rebuildCheckInterval();

    /**
     * Whether each folded snapshot is also published on its tenant's Redis channel the moment it is folded, as the
     * gateways' head start on {@code headway.job-state} (docs/architecture.md, "The live path"). Off, they take
     * snapshots from the topic alone.
     */
    @WithDefault("true")
    boolean livePush();

    /**
     * How long the job-state producer gathers snapshots into one request. Unset, it follows {@link #livePush}: with
     * the push the gateways have the snapshots already, so 5 ms here cost the live path nothing and save the broker
     * requests; without it the topic is the live path, and each batch's snapshots go at once (0).
     */
    Optional<Duration> jobStateLinger();

    /** How many jobs' states the aggregator keeps in memory between batches. */
    @WithDefault("100000")
    int stateCacheSize();

    interface TopicNames {
        /** Every job's events, which the aggregator folds (and writes a quiet external job's end to). */
        @WithDefault(Topics.PROGRESS)
        String progress();

        /** Log batches. */
        @WithDefault(Topics.LOGS)
        String logs();

        /** Executor heartbeats. */
        @WithDefault(Topics.EXECUTORS)
        String executors();

        /** The compacted topic every job's latest snapshot is published to. */
        @WithDefault(Topics.JOB_STATE)
        String jobState();

        /** Alert changes. */
        @WithDefault(Topics.ALERTS)
        String alerts();

        /** Job requests: where a job held by a lost executor goes again, for another executor to take. */
        @WithDefault(Topics.JOB_REQUESTS)
        String jobRequests();
    }
}
