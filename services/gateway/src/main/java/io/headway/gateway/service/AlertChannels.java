package io.headway.gateway.service;

import io.headway.gateway.delivery.WebhookSignature;
import io.headway.gateway.domain.AlertEmail;
import io.headway.gateway.domain.Channel;
import io.headway.gateway.domain.CreatedWebhook;
import io.headway.gateway.domain.Delivery;
import io.headway.gateway.domain.EmailDefinition;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.domain.Webhook;
import io.headway.gateway.domain.WebhookDefinition;
import io.headway.gateway.store.ChannelStore;
import io.headway.gateway.store.ChannelStore.StoredChannel;
import io.headway.gateway.store.DeliveryStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a tenant's alerts go: its webhooks and email addresses. A webhook's secret is shown once, in the answer to
 * creating it, and never read back; another tenant's channels are never found.
 */
@ApplicationScoped
public class AlertChannels {

    private final ChannelStore channels;
    private final DeliveryStore deliveries;

    public AlertChannels(ChannelStore channels, DeliveryStore deliveries) {
        this.channels = channels;
        this.deliveries = deliveries;
    }

    public Uni<List<Webhook>> webhooks(String tenant) {
        return channels.list(tenant, Channel.Kind.WEBHOOK).map(all -> all.stream().map(AlertChannels::webhook)
                .toList());
    }

    public Uni<CreatedWebhook> createWebhook(String tenant, WebhookDefinition definition) {
        Channel webhook = definition.checked();
        String secret = definition.secret() != null ? definition.secret() : WebhookSignature.newSecret();
        return channels.create(tenant, webhook, secret).map(created -> new CreatedWebhook(webhook(created), secret));
    }

    public Uni<Webhook> webhook(String tenant, UUID webhookId) {
        return channels.find(tenant, Channel.Kind.WEBHOOK, webhookId).map(found -> webhook(found, webhookId));
    }

    /** Enables a webhook again, its run of failures forgotten; its waiting deliveries go out again. */
    public Uni<Webhook> enableWebhook(String tenant, UUID webhookId) {
        return channels.enable(tenant, Channel.Kind.WEBHOOK, webhookId).map(found -> webhook(found, webhookId));
    }

    /** A webhook's newest deliveries, each with its attempts. */
    public Uni<List<Delivery>> deliveries(String tenant, UUID webhookId, int limit) {
        return webhook(tenant, webhookId).chain(() -> deliveries.deliveries(tenant, Channel.Kind.WEBHOOK,
                webhookId, limit));
    }

    public Uni<List<AlertEmail>> emails(String tenant) {
        return channels.list(tenant, Channel.Kind.EMAIL).map(all -> all.stream().map(AlertChannels::email)
                .toList());
    }

    public Uni<AlertEmail> createEmail(String tenant, EmailDefinition definition) {
        return channels.create(tenant, definition.checked(), null).map(AlertChannels::email);
    }

    /** Removes a channel of the tenant's, with its waiting deliveries and their log. */
    public Uni<Void> delete(String tenant, Channel.Kind kind, UUID channelId) {
        return channels.delete(tenant, kind, channelId).invoke(deleted -> {
            if (!deleted) {
                throw notFound(kind, channelId);
            }
        }).replaceWithVoid();
    }

    private static Webhook webhook(Optional<StoredChannel> found, UUID webhookId) {
        return webhook(found.orElseThrow(() -> notFound(Channel.Kind.WEBHOOK, webhookId)));
    }

    private static RequestError notFound(Channel.Kind kind, UUID channelId) {
        return RequestError.notFound("no " + (kind == Channel.Kind.WEBHOOK ? "webhook" : "alert email") + " '"
                + channelId + "'");
    }

    private static Webhook webhook(StoredChannel channel) {
        return new Webhook(channel.channelId(), channel.target(), channel.minSeverity(), channel.enabled(),
                channel.consecutiveFailures(), channel.disabledReason(), channel.createdAt());
    }

    private static AlertEmail email(StoredChannel channel) {
        return new AlertEmail(channel.channelId(), channel.target(), channel.minSeverity(), channel.createdAt());
    }
}
