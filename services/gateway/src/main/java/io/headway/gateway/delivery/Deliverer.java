package io.headway.gateway.delivery;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.events.kafka.WireType;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.Channel;
import io.headway.gateway.domain.Delivery;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.producer.TransactionalPublisher;
import io.headway.gateway.store.DeliveryStore;
import io.headway.gateway.store.LeasedDelivery;
import io.headway.history.AlertHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Makes one attempt at a leased delivery and records what came of it: the attempt in the delivery log, the delivery's
 * next attempt (or its end), the channel's run of failures. A webhook that fails too often in a row is disabled, and
 * the tenant hears of it through a {@code WEBHOOK_DISABLED} alert, recorded in the same transaction (so it reaches
 * the tenant's other channels, such as email) and published on {@code headway.alerts} (so it reaches the dashboard).
 *
 * <p>Never logs a secret: neither the webhook's nor anything from the payload beyond ids.
 */
@ApplicationScoped
@Startup // made at start, not at the first delivery: its counters are there from the first scrape
public class Deliverer {

    /** The kind of the alert a test delivery sends. */
    public static final String TEST_KIND = "TEST";

    private static final Logger LOG = Logger.getLogger(Deliverer.class);

    private final DeliveryStore store;
    private final MeterRegistry metrics;
    private final WebhookSender webhooks;
    private final EmailSender emails;
    private final TransactionalPublisher publisher;
    private final RetryPolicy policy;
    private final Duration lease;
    private final Duration timeout;
    private final String alertsTopic;

    private final Clock clock;

    public Deliverer(DeliveryStore store, WebhookSender webhooks, EmailSender emails,
            TransactionalPublisher publisher, GatewayConfig config, MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.metrics = metrics;
        this.webhooks = webhooks;
        this.emails = emails;
        this.publisher = publisher;
        this.policy = RetryPolicy.of(config.alerts().delivery());
        this.lease = config.alerts().delivery().lease();
        this.timeout = config.alerts().delivery().timeout();
        this.alertsTopic = config.topics().alerts();
        // Every channel and outcome from the start, at zero: a dashboard shows "no failures", not "no data".
        for (Channel.Kind kind : Channel.Kind.values()) {
            for (Delivery.Outcome outcome : Delivery.Outcome.values()) {
                attempts(kind, outcome);
            }
        }
    }

    /** Attempts a delivery leased from the outbox and records the outcome; the lease ends with it. */
    public Uni<Void> deliver(LeasedDelivery delivery) {
        return attempt(delivery).invoke(attempt -> count(delivery, attempt)).chain(attempt -> {
            RetryPolicy.Next next = policy.after(attempt.attempt(), attempt.outcome(), clock.instant());
            return store.inTransaction(tx -> store.recordAttempt(tx, delivery, attempt, next.status(),
                    next.nextAttemptAt()).chain(() -> countOnChannel(tx, delivery, attempt)));
        }).chain(disabled -> disabled.map(this::publish).orElse(Uni.createFrom().voidItem()));
    }

    /**
     * Sends a test alert to one webhook now and records the one attempt in its delivery log. It neither retries nor
     * counts towards disabling: a tenant may test a receiver it is still fixing.
     */
    public Uni<Delivery> test(String tenant, UUID webhookId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Alert alert = new Alert(UUID.randomUUID(), null, tenant, TEST_KIND, AlertSeverity.INFO, AlertState.RAISED,
                "A test alert from Headway: this webhook receives alerts.", null, now, now);
        String payload = new String(WireType.ALERTS.codec().encode(alert), StandardCharsets.UTF_8);
        return store.enqueueTest(tenant, webhookId, payload, lease)
                .map(found -> found.orElseThrow(() -> RequestError.notFound("no webhook '" + webhookId + "'")))
                .chain(delivery -> attempt(delivery)
                        .chain(attempt -> store.inTransaction(tx -> store.recordAttempt(tx, delivery, attempt,
                                RetryPolicy.once(attempt.outcome()).status(), null)))
                        .chain(() -> store.delivery(delivery.deliveryId())));
    }

    private Uni<Delivery.Attempt> attempt(LeasedDelivery delivery) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long started = System.nanoTime();
        Uni<Integer> answer = Uni.createFrom().deferred(() -> delivery.kind() == Channel.Kind.WEBHOOK
                ? webhooks.post(delivery, at) : emails.send(delivery).replaceWith(() -> null));
        return answer.map(status -> {
            boolean delivered = status == null || status / 100 == 2; // no status: an email the server took
            return new Delivery.Attempt(delivery.attempt(), at, delivered ? Delivery.Outcome.DELIVERED
                    : Delivery.Outcome.FAILED, status, status == null ? "sent" : "HTTP " + status,
                    elapsedMs(started));
        }).onFailure().recoverWithItem(failure -> new Delivery.Attempt(delivery.attempt(), at,
                Delivery.Outcome.FAILED, null, reason(failure), elapsedMs(started)));
    }

    /** Attempts by channel kind and outcome, for operators: a rise in failures is a receiver or the SMTP server. */
    private void count(LeasedDelivery delivery, Delivery.Attempt attempt) {
        attempts(delivery.kind(), attempt.outcome()).increment();
    }

    private Counter attempts(Channel.Kind kind, Delivery.Outcome outcome) {
        return metrics.counter("headway.gateway.alerts.delivery.attempts", "channel",
                kind.name().toLowerCase(Locale.ROOT), "outcome", outcome.name().toLowerCase(Locale.ROOT));
    }

    /** Counts the attempt on its channel; the alert announcing the channel's disabling, if this attempt did that. */
    private Uni<Optional<Alert>> countOnChannel(SqlClient tx, LeasedDelivery delivery, Delivery.Attempt attempt) {
        return store.countOutcome(tx, delivery.channelId(), attempt.outcome()).chain(failures -> {
            if (delivery.kind() != Channel.Kind.WEBHOOK || attempt.outcome() == Delivery.Outcome.DELIVERED
                    || !policy.disables(failures)) {
                // Email is never disabled: its failures are the SMTP server's, the operator's to fix.
                return Uni.createFrom().item(Optional.empty());
            }
            String reason = failures + " attempts failed in a row; the last: " + attempt.detail();
            return store.disable(tx, delivery.channelId(), reason).chain(url -> url.isEmpty()
                    ? Uni.createFrom().item(Optional.<Alert>empty())
                    : raiseDisabled(tx, delivery, url.get(), reason).map(Optional::of));
        });
    }

    private Uni<Alert> raiseDisabled(SqlClient tx, LeasedDelivery delivery, String url, String reason) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Alert alert = new Alert(UUID.randomUUID(), null, delivery.tenant(), Alert.WEBHOOK_DISABLED,
                AlertSeverity.WARNING, AlertState.RAISED, "The webhook " + url + " (" + delivery.channelId()
                        + ") was disabled: " + reason + ". Enable it again with PUT /api/v1/webhooks/"
                        + delivery.channelId() + "/enabled.", null, now, now);
        LOG.warnf("Disabling webhook %s of tenant %s after %d failed attempts in a row", delivery.channelId(),
                delivery.tenant(), policy.disableAfter());
        return AlertHistory.record(tx, alert, null).replaceWith(alert);
    }

    private Uni<Void> publish(Alert alert) {
        return publisher.publish(List.of(WireType.ALERTS.record(alertsTopic, alert.key(), alert)))
                .onFailure().invoke(e -> LOG.warnf("Alert %s is stored but could not be published: %s",
                        alert.alertId(), e.toString()))
                .onFailure().recoverWithNull();
    }

    /** What went wrong, in words a tenant can act on; the exception's own message only when nothing better fits. */
    private String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
                return "no answer within " + timeout.toMillis() + " ms";
            }
            if (cause instanceof ConnectException) {
                return "could not connect";
            }
        }
        Throwable shown = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return shown.getClass().getSimpleName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage());
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
