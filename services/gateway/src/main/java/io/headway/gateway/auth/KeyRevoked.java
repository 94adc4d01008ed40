package io.headway.gateway.auth;

/** A key was revoked on this instance: whatever it holds open here ends now, not at the next check. */
public record KeyRevoked(String keyId) {
}
