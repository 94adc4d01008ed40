package io.headway.aggregator.producer;

import io.headway.aggregator.config.AggregatorConfig;
import io.headway.events.Alert;
import io.headway.events.kafka.ClientSettings;
import io.headway.events.kafka.WireType;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes alert changes to {@code headway.alerts}, keyed by their job (or tenant), once history holds them: the
 * gateway pushes them to the job's and the tenant's subscribers, and anyone may consume them. The producer retries
 * on its own (idempotent, so a retry adds no duplicate).
 */
@ApplicationScoped
public class AlertPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public AlertPublisher(@Identifier(ClientSettings.BROKER) Map<String, Object> broker,
            AggregatorConfig config) {
        this.topic = config.topics().alerts();
        this.producer = new KafkaProducer<>(ClientSettings.of(broker, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "aggregator-alerts",
                ProducerConfig.LINGER_MS_CONFIG, 0)),
                new StringSerializer(), new ByteArraySerializer());
    }

    void stop(@Observes ShutdownEvent event) {
        producer.close(Duration.ofSeconds(5));
    }

    /** Sends the changes in order; the stage completes when the topic has every one (or failed). */
    public CompletionStage<Void> publish(List<Alert> changes) {
        CompletableFuture<?>[] sends = new CompletableFuture<?>[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            Alert alert = changes.get(i);
            CompletableFuture<Void> sent = new CompletableFuture<>();
            producer.send(WireType.ALERTS.record(topic, alert.key(), alert), (metadata, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
            sends[i] = sent;
        }
        return CompletableFuture.allOf(sends);
    }
}
