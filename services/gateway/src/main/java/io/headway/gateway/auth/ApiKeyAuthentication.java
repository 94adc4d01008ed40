package io.headway.gateway.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every request by its API key: {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. The
 * live stream also takes a single-use {@code ?ticket=} ({@link StreamTickets}), because browsers cannot set headers
 * on a WebSocket or an EventSource, and, for older clients, {@code ?access_token=<key>}; nothing else takes either,
 * so keys stay out of the access logs of ordinary requests.
 *
 * <p>A request without a key is anonymous and fails on any protected path with 401; a wrong or revoked key fails at
 * once with 401. It never falls back to anything weaker.
 */
@ApplicationScoped
public class ApiKeyAuthentication implements HttpAuthenticationMechanism {

    static final String API_KEY_HEADER = "X-API-Key";
    static final String QUERY_PARAMETER = "access_token";
    static final String TICKET_PARAMETER = "ticket";
    private static final String BEARER = "Bearer ";
    private static final String STREAM_PATH = "/api/v1/stream";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String ticket = presentedTicket(context);
        if (ticket != null) {
            return identities.authenticate(
                    HttpSecurityUtils.setRoutingContextAttribute(new TicketRequest(ticket), context));
        }
        String key = presentedKey(context);
        if (key == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new KeyRequest(key), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"headway\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(KeyRequest.class, TicketRequest.class);
    }

    static String presentedKey(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        String header = context.request().getHeader(API_KEY_HEADER);
        if (header != null) {
            return header.strip();
        }
        if (context.request().method() == HttpMethod.GET && context.normalizedPath().startsWith(STREAM_PATH)) {
            return context.request().getParam(QUERY_PARAMETER);
        }
        return null;
    }

    private static String presentedTicket(RoutingContext context) {
        boolean stream = context.request().method() == HttpMethod.GET
                && context.normalizedPath().startsWith(STREAM_PATH);
        return stream ? context.request().getParam(TICKET_PARAMETER) : null;
    }

    /** A stream ticket a request presented, to be redeemed once. */
    public static final class TicketRequest extends BaseAuthenticationRequest {
        private final String ticket;

        TicketRequest(String ticket) {
            this.ticket = ticket;
        }
    }

    /** Redeems a stream ticket for the identity of the key it was issued to, or refuses it. */
    @ApplicationScoped
    public static class TicketIdentityProvider implements IdentityProvider<TicketRequest> {

        private final StreamTickets tickets;

        public TicketIdentityProvider(StreamTickets tickets) {
            this.tickets = tickets;
        }

        @Override
        public Class<TicketRequest> getRequestType() {
            return TicketRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TicketRequest request, AuthenticationRequestContext context) {
            return tickets.redeem(request.ticket).map(found -> found.map(KeyIdentityProvider::identity)
                    .orElseThrow(() -> new AuthenticationFailedException(
                            "the stream ticket is not valid: unknown, used or expired")));
        }
    }

    /** The key a request presented, to be checked against the store. */
    public static final class KeyRequest extends BaseAuthenticationRequest {
        private final String key;

        KeyRequest(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /** Turns a presented key into the identity of its tenant and roles, or refuses it. */
    @ApplicationScoped
    public static class KeyIdentityProvider implements IdentityProvider<KeyRequest> {

        private final ApiKeyStore keys;

        public KeyIdentityProvider(ApiKeyStore keys) {
            this.keys = keys;
        }

        @Override
        public Class<KeyRequest> getRequestType() {
            return KeyRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(KeyRequest request, AuthenticationRequestContext context) {
            return keys.find(request.key()).map(found -> found.map(KeyIdentityProvider::identity)
                    .orElseThrow(() -> new AuthenticationFailedException("the API key is not valid")));
        }

        static SecurityIdentity identity(ApiKey key) {
            QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(key.keyId()))
                    .addAttribute(Caller.KEY_ATTRIBUTE, key);
            key.effectiveRoles().forEach(role -> builder.addRole(role.id()));
            return builder.build();
        }
    }
}
