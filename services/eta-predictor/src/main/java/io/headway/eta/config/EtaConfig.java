package io.headway.eta.config;

import io.headway.events.kafka.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The eta-predictor's settings, under {@code headway.eta}. */
@ConfigMapping(prefix = "headway.eta")
public interface EtaConfig {

    /** The topics it reads and writes. */
    TopicNames topics();

    /** Its consumer group: the partitions of the progress topic are shared among the instances in it. */
    @WithDefault("headway-eta-predictor")
    String groupId();

    /** The {@code source} of the events it writes. */
    @WithDefault("eta-predictor")
    String source();

    /** How often the log clock ticks for jobs that send nothing, re-estimating every running job. */
    @WithDefault("1s")
    Duration tick();

    /** How often it learns jobs other instances (or an earlier run) saw finish, from the history database. */
    @WithDefault("30s")
    Duration historyRefresh();

    /** How far back history is read at start. */
    @WithDefault("30d")
    Duration historyWindow();

    /** The most finished jobs of each type read from history: as many as the model keeps per type. */
    @WithDefault("300")
    int historyPerType();

    /** A running job that sends nothing for this long (log time) is forgotten, as abandoned. */
    @WithDefault("24h")
    Duration abandonAfter();

    /** Every topic the eta-predictor uses, in one namespace ({@code headway.eta.topics.*}), as in every service. */
    interface TopicNames {
        /** Progress events: it reads every job's and writes its estimates back. */
        @WithDefault(Topics.PROGRESS)
        String progress();
    }
}
