package io.headway.executor.config;

import io.headway.events.kafka.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Who this executor instance is, how much it takes on, and how it watches its jobs. */
@ConfigMapping(prefix = "headway.executor")
public interface ExecutorConfig {

    /** This instance's id on heartbeats and events; defaults to {@code executor-<host>-<pid>}. */
    Optional<String> id();

    /** How many jobs this instance runs at once. */
    @WithDefault("4")
    int capacity();

    /**
     * The Kafka share group every executor takes job requests in ({@code headway.job-requests}): a request goes to
     * whichever instance asks, and an instance asks only while it has room.
     */
    @WithDefault("headway-executors")
    String requestsGroup();

    /** How often the instance publishes its heartbeat on the executors topic. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** A folder of operator job templates ({@code *.yaml}) added to the bundled ones. */
    Optional<Path> templatesDir();

    /** How long a cancelled or timed-out job has between SIGTERM and SIGKILL. */
    @WithDefault("10s")
    Duration cancelGrace();

    /** How long a graceful shutdown lets running jobs finish before handing them back. */
    @WithDefault("30s")
    Duration shutdownGrace();

    /** The shortest time between two progress events of one job. */
    @WithDefault("250ms")
    Duration progressInterval();

    /** How often a job's process tree is sampled for CPU, memory and I/O. */
    @WithDefault("1s")
    Duration sampleInterval();

    /** Output lines longer than this are cut. */
    @WithDefault("4096")
    int maxLineLength();

    /** Log lines are sent in batches of at most this many lines... */
    @WithDefault("200")
    int logBatchLines();

    /** ...or every this often, whichever comes first. */
    @WithDefault("250ms")
    Duration logBatchInterval();

    /**
     * How many jobs each of this instance's tables (control intents, job snapshots) remembers. Both are read whole from
     * compacted topics that keep every job ever run, so without a bound they would grow for as long as the instance
     * runs. Past it, the tables forget ended jobs first, the longest-unchanged first: an ended job is only looked up
     * when its request is delivered again, which happens soon after it ends or not at all. An entry is a few hundred
     * bytes, so the default holds a busy week in tens of MiB.
     */
    @WithDefault("100000")
    int tableSize();

    /** The configured id, or one made of the host name and process id. */
    default String executorId() {
        return id().orElseGet(() -> "executor-" + ManagementFactory.getRuntimeMXBean().getName().replace('@', '-'));
    }

    /** The topics it reads and writes; the channels in application.properties take their names from here. */
    TopicNames topics();

    interface TopicNames {
        /** Work items, shared across the instances. */
        @WithDefault(Topics.JOB_REQUESTS)
        String jobRequests();

        /** The latest cancel/pause/resume per job. */
        @WithDefault(Topics.JOB_CONTROL)
        String jobControl();

        /** Every job's latest snapshot, read as a table. */
        @WithDefault(Topics.JOB_STATE)
        String jobState();

        /** Where the jobs' events go. */
        @WithDefault(Topics.PROGRESS)
        String progress();

        /** Where the jobs' log lines go. */
        @WithDefault(Topics.LOGS)
        String logs();

        /** This instance's heartbeats. */
        @WithDefault(Topics.EXECUTORS)
        String executors();
    }
}
