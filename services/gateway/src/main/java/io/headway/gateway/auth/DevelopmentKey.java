package io.headway.gateway.auth;

import io.headway.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.EnumSet;
import org.jboss.logging.Logger;

/**
 * Registers the development key at start when {@code headway.gateway.auth.dev-key} is set, and prints it, so a
 * newcomer can call the API right away. Production leaves it unset, and then no key exists that was not issued through
 * the admin API. The local stack script generates a random one per machine.
 *
 * <p>Its id comes from the key's hash, so gateways started with different development keys against one database (a
 * running stack and a test's own gateway) each keep theirs instead of replacing each other's. The key itself is never
 * logged, only its id.
 */
@ApplicationScoped
public class DevelopmentKey {

    private static final Logger LOG = Logger.getLogger(DevelopmentKey.class);

    void register(@Observes StartupEvent start, GatewayConfig config, ApiKeyStore keys) {
        config.auth().devKey().filter(key -> !key.isBlank()).ifPresent(key -> {
            String tenant = config.auth().devTenant();
            String keyId = "dev-" + ApiKeyStore.hash(key).substring(0, 12);
            keys.register(keyId, key, tenant, "development key", EnumSet.allOf(Role.class))
                    .await().atMost(Duration.ofSeconds(30));
            LOG.infof("Development API key %s registered for tenant '%s' with every role", keyId, tenant);
        });
    }
}
