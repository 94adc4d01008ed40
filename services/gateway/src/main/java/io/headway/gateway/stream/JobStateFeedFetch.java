package io.headway.gateway.stream;

import io.headway.gateway.config.GatewayConfig;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * How the job-state feed ({@link StreamFeeds#JOB_STATE}) fetches, by whether it carries the live path. With the
 * aggregator's push ({@link LiveSnapshots}) the topic is the durable second way, for whatever a push missed: it
 * fetches {@value #SECOND_WAY_MIN_BYTES} bytes or every {@value #SECOND_WAY_WAIT_MS} ms, so the broker answers four
 * fetches a second rather than one per record. With the push off ({@code headway.gateway.stream.live-push=false}) the
 * topic is the live path again: a fetch returns as soon as one record is there, and an idle one is held
 * {@value #LIVE_IDLE_WAIT_MS} ms (each gateway's group is its own, assigned once at start, so nothing waits on it).
 *
 * <p>Settings given for the channel in configuration are never overridden.
 */
@ApplicationScoped
public class JobStateFeedFetch implements ClientCustomizer<Map<String, Object>> {

    static final int SECOND_WAY_MIN_BYTES = 256 * 1024;
    static final int SECOND_WAY_WAIT_MS = 250;
    static final int LIVE_IDLE_WAIT_MS = 5000;

    private final boolean livePush;

    @Inject
    public JobStateFeedFetch(GatewayConfig config) {
        this(config.stream().livePush());
    }

    JobStateFeedFetch(boolean livePush) {
        this.livePush = livePush;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (StreamFeeds.JOB_STATE.equals(channel) && config.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            config.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, livePush ? SECOND_WAY_MIN_BYTES : 1);
            config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                    livePush ? SECOND_WAY_WAIT_MS : LIVE_IDLE_WAIT_MS);
        }
        return config;
    }
}
