package io.headway.testing;

/**
 * Where the servers of the local stack are ({@code deploy/local/stack.sh}), as the same environment variables the
 * services read, with the stack's defaults.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static String kafkaBootstrap() {
        return env("HEADWAY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    }

    public static String redisUrl() {
        return env("HEADWAY_REDIS_URL", "redis://127.0.0.1:16379");
    }

    /** A JDBC URL of the history database, for tests that look at rows directly. */
    public static String postgresJdbcUrl() {
        return "jdbc:postgresql://" + env("HEADWAY_PG_HOST", "127.0.0.1") + ":" + env("HEADWAY_PG_PORT", "15432")
                + "/" + env("HEADWAY_PG_DB", "headway");
    }

    public static String postgresUser() {
        return env("HEADWAY_PG_USER", "headway");
    }

    public static String postgresPassword() {
        return env("HEADWAY_PG_PASSWORD", "headway");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
