package io.headway.gateway.store;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Idempotency keys in PostgreSQL ({@code idempotency_keys}, migration V6): the durable record that makes a retried
 * submission answer with the first one's job, whatever happened to Redis in between. A claim is taken by inserting
 * the key; a claim whose request never finished (its gateway died mid-way) is free again once {@code abandonAfter}
 * has passed, which is longer than the Kafka producer's delivery and transaction timeouts, so a request that may still
 * succeed is never run twice. Expired keys are deleted every hour.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** A claim older than this without an answer belongs to a request that can no longer succeed. */
    static final Duration ABANDON_AFTER = Duration.ofMinutes(2);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(IdempotencyStore.class);

    private static final String CLAIM = """
            INSERT INTO idempotency_keys AS held (tenant, key, request_hash, expires_at)
            VALUES ($1, $2, $3, now() + make_interval(secs => $4))
            ON CONFLICT (tenant, key) DO UPDATE
                SET request_hash = excluded.request_hash, response = NULL, claimed_at = now(),
                    expires_at = excluded.expires_at
                WHERE held.expires_at < now()
                   OR (held.response IS NULL AND held.claimed_at < now() - make_interval(secs => $5))
            RETURNING true AS claimed
            """;
    private static final String FIND = """
            SELECT request_hash, response FROM idempotency_keys WHERE tenant = $1 AND key = $2
            """;
    private static final String COMPLETE = """
            UPDATE idempotency_keys SET response = $3 WHERE tenant = $1 AND key = $2 AND response IS NULL
            """;
    private static final String RELEASE = """
            DELETE FROM idempotency_keys WHERE tenant = $1 AND key = $2 AND response IS NULL
            """;
    private static final String PURGE = "DELETE FROM idempotency_keys WHERE expires_at < now()";

    private final Pool pool;

    public IdempotencyStore(Pool pool) {
        this.pool = pool;
    }

    void purgeHourly(@Observes StartupEvent start, Vertx vertx) {
        vertx.setPeriodic(PURGE_EVERY.toMillis(), timer -> pool.query(PURGE).execute().subscribe().with(
                rows -> LOG.debugf("deleted %d expired idempotency keys", rows.rowCount()),
                failure -> LOG.warnf("could not delete expired idempotency keys: %s", failure.getMessage())));
    }

    /** What an earlier request with the same key left: the hash of its body, and its answer once it has one. */
    public record Held(String requestHash, String response) {

        public boolean answered() {
            return response != null;
        }
    }

    /**
     * Claims a tenant's key for a request with this hash: empty when this request is the first with it (or the key
     * had expired), else what the request that holds it left. A claim released between the two statements reads as
     * still being processed, so the caller retries.
     */
    public Uni<Optional<Held>> claim(String tenant, String key, String requestHash, Duration ttl) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(tenant, key, requestHash, (double) ttl.toSeconds(),
                        (double) ABANDON_AFTER.toSeconds()))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(Optional.<Held>empty())
                        : pool.preparedQuery(FIND).execute(Tuple.of(tenant, key))
                                .map(found -> Optional.of(found.size() == 0 ? new Held(requestHash, null)
                                        : held(found.iterator().next()))));
    }

    /** Records the answer to the request that claimed the key, for the retries that follow. */
    public Uni<Void> complete(String tenant, String key, String response) {
        return pool.preparedQuery(COMPLETE).execute(Tuple.of(tenant, key, response)).replaceWithVoid();
    }

    /** Frees a claim whose request failed, so a retry may succeed. */
    public Uni<Void> release(String tenant, String key) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(tenant, key)).replaceWithVoid();
    }

    private static Held held(Row row) {
        return new Held(row.getString("request_hash"), row.getString("response"));
    }
}
