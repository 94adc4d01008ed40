package io.headway.aggregator.config;

import io.headway.aggregator.alert.AlertSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the aggregator watches its jobs for alerts (docs/alerts.md). Every time can be set down to seconds. */
@ConfigMapping(prefix = "headway.aggregator.alerts")
public interface AlertsConfig {

    /** How often every running job is looked at for conditions that time alone brings (stalled, slower). */
    @WithDefault("5s")
    Duration checkInterval();

    /** How long a job may go without progress when its type has too little history to learn a threshold from. */
    @WithDefault("10m")
    Duration stallDefault();

    /** How many times its type's usual longest wait between progress reports a job must wait to count as stalled. */
    @WithDefault("3")
    int stallFactor();

    /** The least stall threshold a type's history can teach. */
    @WithDefault("1m")
    Duration stallMinimum();

    /** How many successful jobs of a type (or of its parameters) its history needs before it is trusted. */
    @WithDefault("5")
    int minHistory();

    /** How many of a type's latest successful jobs its usual duration and longest wait are learnt from. */
    @WithDefault("100")
    int historyDepth();

    /** How long a job must be projected beyond its type's 90th percentile, and back below, to raise and resolve. */
    @WithDefault("1m")
    Duration slowFor();

    /** How far below the 90th percentile (a share of it) a projection must come back to clear "slower than usual". */
    @WithDefault("0.1")
    double slowHysteresis();

    /** The least time a threshold rule's condition must be gone before its alert resolves. */
    @WithDefault("30s")
    Duration resolveAfter();

    /** The least time between two updates of an open alert whose message changed. */
    @WithDefault("1m")
    Duration updateEvery();

    /** How long what a job type usually does is kept before it is learnt again from history. */
    @WithDefault("5m")
    Duration baselineRefresh();

    /** How often the tenants' threshold rules are read again. */
    @WithDefault("30s")
    Duration rulesRefresh();

    /**
     * How old the records being folded may be before the aggregator counts as catching up on a backlog: meanwhile
     * (and for two checks after) running jobs are not judged, since their newer events may still be unread.
     */
    @WithDefault("30s")
    Duration catchUpLag();

    /** The rules' parameters, as the pure rules take them. */
    default AlertSettings settings() {
        return new AlertSettings(stallDefault(), stallFactor(), stallMinimum(), minHistory(), slowFor(),
                slowHysteresis(), resolveAfter(), updateEvery());
    }
}
