package io.headway.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * API keys written straight into the local stack's {@code api_keys}, as an operator registers them: only the key's
 * SHA-256 is stored, the way the gateway keeps keys. For tests and benchmarks that need a tenant of their own.
 */
public final class ApiKeys {

    private ApiKeys() {
    }

    /** Registers {@code key} for {@code tenant} with these roles (their names as the gateway stores them). */
    public static void register(String keyId, String key, String tenant, String name, String... roles)
            throws SQLException {
        try (Connection db = postgres(); var insert = db.prepareStatement(
                "INSERT INTO api_keys (key_id, key_hash, tenant, name, roles) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, keyId);
            insert.setString(2, sha256(key));
            insert.setString(3, tenant);
            insert.setString(4, name);
            insert.setArray(5, db.createArrayOf("text", roles));
            insert.executeUpdate();
        }
    }

    /** Revokes the key: the gateway refuses it from then on. */
    public static void revoke(String keyId) throws SQLException {
        try (Connection db = postgres(); var revoke = db.prepareStatement(
                "UPDATE api_keys SET revoked_at = now() WHERE key_id = ?")) {
            revoke.setString(1, keyId);
            revoke.executeUpdate();
        }
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Connection postgres() throws SQLException {
        return DriverManager.getConnection(LocalStack.postgresJdbcUrl(), LocalStack.postgresUser(),
                LocalStack.postgresPassword());
    }
}
