package io.headway.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headway.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * API keys in PostgreSQL ({@code api_keys}, migration V3), stored as SHA-256 hashes: a key is shown once, when it is
 * issued, and can never be read back. Lookups are cached for {@code headway.gateway.auth.cache-ttl}, including misses,
 * so neither valid nor guessed keys reach the database on every request.
 */
@ApplicationScoped
public class ApiKeyStore {

    /** Keys start with this, so a leaked one is easy to recognise (and to scan for). */
    static final String PREFIX = "hw_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String FIND = """
            SELECT key_id, tenant, name, roles, created_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL
            """;
    private static final String FIND_BY_ID = """
            SELECT key_id, tenant, name, roles, created_at FROM api_keys WHERE key_id = $1 AND revoked_at IS NULL
            """;
    private static final String INSERT = """
            INSERT INTO api_keys (key_id, key_hash, tenant, name, roles) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (key_id) DO UPDATE SET key_hash = $2, tenant = $3, name = $4, roles = $5, revoked_at = NULL
            RETURNING created_at
            """;
    private static final String LIST = """
            SELECT key_id, tenant, name, roles, created_at FROM api_keys
            WHERE tenant = $1 AND revoked_at IS NULL ORDER BY created_at, key_id
            """;
    private static final String STILL_VALID = """
            SELECT key_id FROM api_keys WHERE key_id = ANY($1) AND revoked_at IS NULL
            """;
    private static final String REVOKE = """
            UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND tenant = $2 AND revoked_at IS NULL
            """;

    private final Pool pool;
    private final AsyncCache<String, Optional<ApiKey>> byHash;
    private final Event<KeyRevoked> revocations;

    public ApiKeyStore(Pool pool, GatewayConfig config, Event<KeyRevoked> revocations) {
        this.pool = pool;
        this.revocations = revocations;
        this.byHash = Caffeine.newBuilder().expireAfterWrite(config.auth().cacheTtl()).maximumSize(100_000)
                .executor(Runnable::run).buildAsync();
    }

    /** A new key and what it was issued as; the key text exists only in this result. */
    public record Issued(String key, ApiKey apiKey) {
    }

    /** The key presented with a request, if it exists and is not revoked. */
    public Uni<Optional<ApiKey>> find(String presented) {
        String hash = hash(presented);
        return Uni.createFrom().completionStage(() -> byHash.get(hash, (h, executor) -> pool.preparedQuery(FIND)
                .execute(Tuple.of(h)).map(rows -> rows.size() == 0 ? Optional.<ApiKey>empty()
                        : Optional.of(toKey(rows.iterator().next())))
                .subscribeAsCompletionStage()));
    }

    /** A key by its public id, if it is not revoked: what a stream ticket names. Not cached: tickets are rare. */
    public Uni<Optional<ApiKey>> findById(String keyId) {
        return pool.preparedQuery(FIND_BY_ID).execute(Tuple.of(keyId)).map(rows -> rows.size() == 0
                ? Optional.<ApiKey>empty() : Optional.of(toKey(rows.iterator().next())));
    }

    /** Issues a new random key. */
    public Uni<Issued> issue(String tenant, String name, Set<Role> roles) {
        return register(randomId(), PREFIX + randomSecret(), tenant, name, roles);
    }

    /**
     * Registers a key whose text is chosen by the operator (the development key), replacing a key of the same id.
     */
    public Uni<Issued> register(String keyId, String key, String tenant, String name, Set<Role> roles) {
        String[] roleIds = roles.stream().map(Role::id).sorted().toArray(String[]::new);
        return pool.preparedQuery(INSERT).execute(Tuple.of(keyId, hash(key), tenant, name, roleIds))
                .map(rows -> {
                    byHash.synchronous().invalidateAll();
                    Instant created = rows.iterator().next().getOffsetDateTime("created_at").toInstant();
                    return new Issued(key, new ApiKey(keyId, tenant, name, roles, created));
                });
    }

    public Uni<List<ApiKey>> list(String tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(ApiKeyStore::toKey)
                        .toList());
    }

    /** Revokes one of the tenant's keys, and says so to whoever holds it open here; false when it has no such key. */
    public Uni<Boolean> revoke(String tenant, String keyId) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(keyId, tenant)).map(rows -> {
            byHash.synchronous().invalidateAll();
            boolean revoked = rows.rowCount() > 0;
            if (revoked) {
                revocations.fire(new KeyRevoked(keyId));
            }
            return revoked;
        });
    }

    /**
     * Of these key ids, those that no longer open anything: revoked, here or on another instance, or deleted. Not
     * cached: it is what ends the streams of a key revoked elsewhere.
     */
    public Uni<Set<String>> revokedAmong(Set<String> keyIds) {
        return pool.preparedQuery(STILL_VALID).execute(Tuple.of(keyIds.toArray(String[]::new))).map(rows -> {
            Set<String> revoked = new HashSet<>(keyIds);
            rows.forEach(row -> revoked.remove(row.getString("key_id")));
            return revoked;
        });
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ApiKey toKey(Row row) {
        Set<Role> roles = Arrays.stream(row.getArrayOfStrings("roles")).map(Role::of).collect(Collectors.toSet());
        return new ApiKey(row.getString("key_id"), row.getString("tenant"), row.getString("name"), roles,
                row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }

    private static String randomId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "k" + HexFormat.of().formatHex(bytes);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
