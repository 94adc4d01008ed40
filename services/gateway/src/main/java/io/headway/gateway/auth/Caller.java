package io.headway.gateway.auth;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is calling: the key and its tenant, taken from the authenticated identity. */
public record Caller(String keyId, String tenant, String name) {

    static final String KEY_ATTRIBUTE = "headway.api-key";

    public static Caller of(SecurityIdentity identity) {
        ApiKey key = key(identity);
        return new Caller(key.keyId(), key.tenant(), key.name());
    }

    /** The API key the request was authenticated with. */
    public static ApiKey key(SecurityIdentity identity) {
        ApiKey key = identity.getAttribute(KEY_ATTRIBUTE);
        if (key == null) {
            throw new IllegalStateException("the request is not authenticated with an API key");
        }
        return key;
    }

    /** How this caller is named on the events it causes, e.g. {@code requestedBy}. */
    public String who() {
        return "key:" + keyId;
    }
}
