package io.headway.gateway.auth;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * An API key as the gateway knows it: never the key itself, only who it belongs to and what it may do.
 *
 * @param keyId  a public identifier of the key, safe to log and show
 * @param tenant the tenant whose jobs the key sees and acts on, and nothing else
 */
public record ApiKey(String keyId, String tenant, String name, Set<Role> roles, Instant createdAt) {

    public ApiKey {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** The roles this key acts with: all of them for an admin key. */
    public Set<Role> effectiveRoles() {
        return roles.contains(Role.ADMIN) ? EnumSet.allOf(Role.class) : roles;
    }
}
