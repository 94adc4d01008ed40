package io.headway.events.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * A plain Kafka client's settings in a service: every {@code kafka.*} setting of the service (Quarkus'
 * {@code default-kafka-broker} map: the bootstrap servers, and security such as {@code kafka.security.protocol} or
 * SASL for a managed broker), then the client's own.
 */
public final class ClientSettings {

    /** The name of the bean Quarkus makes of the service's {@code kafka.*} settings. */
    public static final String BROKER = "default-kafka-broker";

    private ClientSettings() {
    }

    public static Map<String, Object> of(Map<String, Object> broker, Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(broker);
        settings.putAll(own);
        return settings;
    }
}
