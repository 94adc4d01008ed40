package io.headway.gateway.delivery;

import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.store.LeasedDelivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * POSTs an alert to a webhook, signed the Standard Webhooks way. The JDK client runs requests on its own threads, never
 * the event loop, and every one has the configured timeout, so a slow receiver holds one delivery, never the others.
 * Redirects are not followed: a receiver answers where it was registered.
 */
@ApplicationScoped
public class WebhookSender {

    static final String USER_AGENT = "Headway";

    private final HttpClient http;
    private final Duration timeout;

    public WebhookSender(GatewayConfig config) {
        this.timeout = config.alerts().delivery().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The receiver's HTTP status; fails when there was none (refused, timed out). */
    public Uni<Integer> post(LeasedDelivery delivery, Instant now) {
        String id = delivery.deliveryId().toString();
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.target())).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", USER_AGENT)
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(delivery.secret(), id, timestamp,
                        delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload())).build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(HttpResponse::statusCode);
    }
}
