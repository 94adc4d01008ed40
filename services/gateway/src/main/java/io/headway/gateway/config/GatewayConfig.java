package io.headway.gateway.config;

import io.headway.events.kafka.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The gateway's settings, under {@code headway.gateway}. */
@ConfigMapping(prefix = "headway.gateway")
public interface GatewayConfig {

    /** Where the gateway writes and reads; the defaults are DESIGN.md's topic names. */
    TopicNames topics();

    /** API keys and the development key. */
    Auth auth();

    /** Per-key and per-connection limits. */
    Limits limits();

    /** How the live stream buffers for each client. */
    Stream stream();

    /** Delivering alerts to the tenants' webhooks and email addresses. */
    Alerts alerts();

    /** A folder of operator job templates ({@code *.yaml}): the same one the executors are given. */
    Optional<Path> templatesDir();

    /** The public base URL used in the links of responses; empty for links relative to the host. */
    @WithDefault("/api/v1")
    String basePath();

    interface TopicNames {
        /** Progress events: submissions, control requests and external reports go here. */
        @WithDefault(Topics.PROGRESS)
        String progress();

        /** Log batches of external jobs go here; the live feed reads every job's. */
        @WithDefault(Topics.LOGS)
        String logs();

        /** The compacted topic of every job's latest snapshot: the live feed. */
        @WithDefault(Topics.JOB_STATE)
        String jobState();

        /** Work items for the executors. */
        @WithDefault(Topics.JOB_REQUESTS)
        String jobRequests();

        /** The latest cancel/pause/resume per job. */
        @WithDefault(Topics.JOB_CONTROL)
        String jobControl();

        /** Alerts: the live feed, and the ones the gateway raises itself (a webhook disabled). */
        @WithDefault(Topics.ALERTS)
        String alerts();
    }

    interface Auth {
        /**
         * A development key, registered at start for {@link #devTenant()} with every role and printed to the log.
         * Unset (the default) in production: then only keys made through the API exist.
         */
        Optional<String> devKey();

        /** The tenant of the development key. */
        @WithDefault("dev")
        String devTenant();

        /** How long a key lookup is cached; a revoked key stops working within this time. */
        @WithDefault("30s")
        Duration cacheTtl();
    }

    interface Limits {
        /** Submissions per key, sustained, in each {@link #submitRatePeriod()}. */
        @WithDefault("50")
        int submitRate();

        /** The period the sustained rate is counted over: 50 per 1 s by default. */
        @WithDefault("1s")
        Duration submitRatePeriod();

        /** Jobs a key may submit at once before the rate applies; at least the largest batch. */
        @WithDefault("1000")
        int submitBurst();

        /** Jobs in one batch submission. */
        @WithDefault("1000")
        int batchSize();

        /** The largest request body or WebSocket message accepted, in bytes. */
        @WithDefault("262144")
        int maxRequestBytes();

        /** Subscriptions one stream connection may hold; each job id of a job subscription counts as one. */
        @WithDefault("200")
        int subscriptionsPerConnection();

        /** Stream connections (WebSocket and SSE) one key may hold open on one gateway instance. */
        @WithDefault("1000")
        int connectionsPerKey();

        /** Rows one export returns at most. */
        @WithDefault("100000")
        int exportRows();
    }

    interface Stream {
        /** Frames written to a client and not yet flushed before the gateway waits for it. */
        @WithDefault("16")
        int sendWindow();

        /**
         * Frames queued for a client before the queue is coalesced to the latest state per job: a client that keeps
         * up gets every change, a slow one fewer and newer ones.
         */
        @WithDefault("4096")
        int queuedFrames();

        /** Jobs whose snapshots one subscription by batch, labels or "all" starts with, at most. */
        @WithDefault("1000")
        int initialSnapshots();

        /**
         * Whether snapshots are also taken from the aggregator's Redis channels as it folds them, ahead of {@code
         * headway.job-state}, which is read either way (docs/architecture.md, "The live path"). Off, the topic alone.
         */
        @WithDefault("true")
        boolean livePush();
    }

    interface Alerts {
        /** The dashboard's address, for the job links in alert emails. */
        @WithDefault("http://localhost:8080")
        String dashboardUrl();

        /** The delivery outbox worker. */
        Delivery delivery();
    }

    interface Delivery {
        /** How often each gateway looks for due deliveries. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How long a gateway holds a delivery it took; one that dies holding it frees it after this. */
        @WithDefault("1m")
        Duration lease();

        /** How long one webhook attempt may take, connecting included. */
        @WithDefault("10s")
        Duration timeout();

        /** The wait after the first failed attempt. */
        @WithDefault("10s")
        Duration initialBackoff();

        /** The longest wait between two attempts. */
        @WithDefault("1h")
        Duration maxBackoff();

        /** How much longer each wait is than the one before. */
        @WithDefault("2")
        double multiplier();

        /** How far each wait is randomised, as a fraction either way (0.5: between half and one and a half). */
        @WithDefault("0.5")
        double jitter();

        /** Attempts of one delivery before it is given up (FAILED). */
        @WithDefault("12")
        int maxAttempts();

        /** Consecutive failed attempts, across deliveries, after which a webhook is disabled. */
        @WithDefault("20")
        int disableAfter();

        /** Deliveries one gateway takes at a time, and so has in flight at most. */
        @WithDefault("50")
        int batchSize();
    }
}
