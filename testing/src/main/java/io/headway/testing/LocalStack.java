package io.headway.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

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

    /**
     * A producer of Headway records (string keys, JSON bytes) to the stack's Kafka, with these settings besides the
     * address, for tests and benchmarks that write events themselves.
     */
    public static KafkaProducer<String, byte[]> kafkaProducer(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
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
