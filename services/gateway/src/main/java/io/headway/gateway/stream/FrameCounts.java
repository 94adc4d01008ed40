package io.headway.gateway.stream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the live stream sent and what it left out, over all sessions of this instance, as Prometheus counters:
 * {@code headway_gateway_stream_frames_sent_total} (messages written to clients) and
 * {@code headway_gateway_stream_frames_coalesced_total{cause}}, frames replaced by a newer one before they left:
 * {@code subscription} (a subscription's own coalescing window) or {@code slow_client} (the outbox of a client that
 * reads slower than its jobs change, see {@link Outbox}).
 */
@ApplicationScoped
public class FrameCounts {

    private final LongAdder sent = new LongAdder();
    private final LongAdder bySubscription = new LongAdder();
    private final LongAdder forSlowClients = new LongAdder();

    public FrameCounts(MeterRegistry metrics) {
        FunctionCounter.builder("headway.gateway.stream.frames.sent", sent, LongAdder::sum)
                .description("Live stream messages written to clients").register(metrics);
        FunctionCounter.builder("headway.gateway.stream.frames.coalesced", bySubscription, LongAdder::sum)
                .tag("cause", "subscription")
                .description("Snapshots replaced by a newer one within a subscription's coalescing window")
                .register(metrics);
        FunctionCounter.builder("headway.gateway.stream.frames.coalesced", forSlowClients, LongAdder::sum)
                .tag("cause", "slow_client")
                .description("Frames replaced or dropped because the client read slower than its jobs changed")
                .register(metrics);
    }

    void sent() {
        sent.increment();
    }

    void coalescedBySubscription() {
        bySubscription.increment();
    }

    void coalescedForSlowClient(long frames) {
        forSlowClients.add(frames);
    }
}
