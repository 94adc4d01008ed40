package io.headway.executor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/** Who this executor instance is and how much it takes on. */
@ConfigMapping(prefix = "headway.executor")
public interface ExecutorConfig {

    /** This instance's id on heartbeats and events; defaults to {@code executor-<host>-<pid>}. */
    Optional<String> id();

    /** How many jobs this instance runs at once. */
    @WithDefault("4")
    int capacity();

    /** How often the instance publishes its heartbeat on the executors topic. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** The configured id, or one made of the host name and process id. */
    default String executorId() {
        return id().orElseGet(() -> "executor-" + ManagementFactory.getRuntimeMXBean().getName().replace('@', '-'));
    }
}
