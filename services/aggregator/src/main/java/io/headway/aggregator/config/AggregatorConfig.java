package io.headway.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the aggregator keeps live state. */
@ConfigMapping(prefix = "headway.aggregator")
public interface AggregatorConfig {

    /** How long an active job's live keys live without news; every change refreshes it. */
    @WithDefault("1h")
    Duration activeTtl();

    /** How long a finished job's live keys are kept after it ends. */
    @WithDefault("24h")
    Duration terminalRetention();
}
