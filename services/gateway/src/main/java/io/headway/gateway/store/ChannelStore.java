package io.headway.gateway.store;

import io.headway.events.AlertSeverity;
import io.headway.gateway.domain.Channel;
import io.headway.history.sql.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where each tenant's alerts go ({@code alert_channels}): webhooks and email addresses. Every statement names the
 * tenant, so one tenant can neither read nor change another's channels. The webhook secret is written here and read
 * only by the delivery worker, never by a listing.
 */
@ApplicationScoped
public class ChannelStore {

    private static final String COLUMNS = "channel_id, kind, target, min_severity, enabled, consecutive_failures, "
            + "disabled_reason, created_at";

    private final Pool pool;

    public ChannelStore(Pool pool) {
        this.pool = pool;
    }

    /** A channel as stored, without its secret. */
    public record StoredChannel(
            UUID channelId, Channel.Kind kind, String target, AlertSeverity minSeverity, boolean enabled,
            int consecutiveFailures, String disabledReason, Instant createdAt) {
    }

    public Uni<List<StoredChannel>> list(String tenant, Channel.Kind kind) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert_channels WHERE tenant = $1 AND kind = $2 "
                + "ORDER BY created_at, channel_id").execute(Tuple.of(tenant, kind.name()))
                .map(rows -> Rows.all(rows, ChannelStore::channel));
    }

    public Uni<Optional<StoredChannel>> find(String tenant, Channel.Kind kind, UUID channelId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert_channels WHERE channel_id = $1 AND tenant = $2 "
                + "AND kind = $3").execute(Tuple.of(channelId, tenant, kind.name()))
                .map(rows -> Rows.first(rows, ChannelStore::channel));
    }

    /** @param secret the webhook's signing secret; null for an email address */
    public Uni<StoredChannel> create(String tenant, Channel channel, String secret) {
        return pool.preparedQuery("INSERT INTO alert_channels (channel_id, tenant, kind, target, secret, "
                        + "min_severity, created_at) VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addString(tenant).addString(channel.kind().name())
                        .addString(channel.target()).addString(secret).addString(channel.minSeverity().name()))
                .map(rows -> channel(rows.iterator().next()));
    }

    /** Whether the tenant had that channel; its queued deliveries and their log go with it. */
    public Uni<Boolean> delete(String tenant, Channel.Kind kind, UUID channelId) {
        return pool.preparedQuery("DELETE FROM alert_channels WHERE channel_id = $1 AND tenant = $2 AND kind = $3")
                .execute(Tuple.of(channelId, tenant, kind.name())).map(rows -> rows.rowCount() > 0);
    }

    /** Enables a channel again with a clean slate of failures; empty when the tenant has none by that id. */
    public Uni<Optional<StoredChannel>> enable(String tenant, Channel.Kind kind, UUID channelId) {
        return pool.preparedQuery("UPDATE alert_channels SET enabled = true, consecutive_failures = 0, "
                        + "disabled_reason = NULL WHERE channel_id = $1 AND tenant = $2 AND kind = $3 RETURNING "
                        + COLUMNS)
                .execute(Tuple.of(channelId, tenant, kind.name())).map(rows -> Rows.first(rows, ChannelStore::channel));
    }

    private static StoredChannel channel(Row row) {
        return new StoredChannel(row.getUUID("channel_id"), Channel.Kind.valueOf(row.getString("kind")),
                row.getString("target"), AlertSeverity.valueOf(row.getString("min_severity")),
                row.getBoolean("enabled"), row.getInteger("consecutive_failures"), row.getString("disabled_reason"),
                Rows.instant(row, "created_at"));
    }
}
