package io.headway.executor.consumer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Holds job requests back until this instance has read the control and job-state tables up to their end: otherwise a
 * freshly started executor could run a request that was redelivered from a dead instance as attempt 1, or run a job
 * that was cancelled, before its tables knew.
 */
@ApplicationScoped
public class TableCatchUp {

    private static final Logger LOG = Logger.getLogger(TableCatchUp.class);
    private static final List<String> TABLES = List.of(TableConsumers.CONTROL, TableConsumers.STATE);

    private final KafkaClientService clients;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private long timer = -1;

    public TableCatchUp(KafkaClientService clients) {
        this.clients = clients;
    }

    /** Completes once both tables have been read to the end they had when it was checked. */
    public Uni<Void> ready() {
        return Uni.createFrom().completionStage(caughtUp);
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        timer = vertx.setPeriodic(250, id -> check().subscribe().with(done -> {
            if (done && caughtUp.complete(null)) {
                vertx.cancelTimer(id);
                LOG.info("The control and job-state tables are read to their end; taking job requests");
            }
        }, failure -> LOG.debugf("Checking the tables: %s", failure)));
    }

    void stop(@Observes ShutdownEvent event, Vertx vertx) {
        vertx.cancelTimer(timer);
    }

    private Uni<Boolean> check() {
        Uni<Boolean> all = Uni.createFrom().item(true);
        for (String channel : TABLES) {
            KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
            if (consumer == null) {
                return Uni.createFrom().item(false);
            }
            all = all.chain(soFar -> soFar ? consumer.runOnPollingThread(TableCatchUp::atEnd) : Uni.createFrom()
                    .item(false));
        }
        return all;
    }

    private static boolean atEnd(Consumer<Object, Object> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        return assigned.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }
}
