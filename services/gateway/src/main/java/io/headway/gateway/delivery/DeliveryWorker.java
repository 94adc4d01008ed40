package io.headway.gateway.delivery;

import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.store.DeliveryStore;
import io.headway.gateway.store.LeasedDelivery;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Takes due deliveries from the outbox every poll interval and attempts them concurrently, each on its own: a slow
 * receiver holds its own delivery until the timeout, never the poll or anyone else's. At most {@code batch-size}
 * deliveries are in flight per gateway; every gateway runs one of these, and the leases share the work out.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final DeliveryStore store;
    private final Deliverer deliverer;
    private final int maxInFlight;
    private final Duration lease;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    public DeliveryWorker(DeliveryStore store, Deliverer deliverer, GatewayConfig config) {
        this.store = store;
        this.deliverer = deliverer;
        this.maxInFlight = config.alerts().delivery().batchSize();
        this.lease = config.alerts().delivery().lease();
    }

    @Scheduled(identity = "alert-deliveries", every = "${headway.gateway.alerts.delivery.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        int free = maxInFlight - inFlight.get();
        if (free <= 0 || stopping) {
            return Uni.createFrom().voidItem();
        }
        return store.lease(free, lease)
                .invoke(due -> due.forEach(this::start))
                .onFailure().invoke(e -> LOG.warnf("Could not look for due alert deliveries: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Takes no more work once the gateway stops: its database pool closes before the scheduler does. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void start(LeasedDelivery delivery) {
        inFlight.incrementAndGet();
        deliverer.deliver(delivery)
                .onTermination().invoke(inFlight::decrementAndGet)
                .subscribe().with(done -> { }, failure -> LOG.warnf("%s could not be recorded (%s); it is due again "
                        + "when its lease ends", delivery, failure.toString()));
    }
}
