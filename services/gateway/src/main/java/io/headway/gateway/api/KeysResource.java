package io.headway.gateway.api;

import io.headway.gateway.auth.ApiKey;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.domain.RequestError;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An admin manages its own tenant's keys: issue (shown once), list, revoke. */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "keys")
@RolesAllowed(Role.Names.ADMIN)
public class KeysResource {

    /** The longest name a key may have: it is for people to tell keys apart. */
    static final int MAX_NAME = 128;

    private final ApiKeyStore keys;
    private final SecurityIdentity identity;

    public KeysResource(ApiKeyStore keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    /** A key to issue: a name for people and its roles. */
    public record NewKey(String name, Set<Role> roles) {
    }

    /** The issued key: the only time its text is shown. */
    public record IssuedKey(String key, ApiKey apiKey) {
    }

    @POST
    @Operation(summary = "Issue a key for this tenant; its text is shown only in this response")
    public Uni<Response> issue(NewKey request) {
        JobsResource.requireBody(request);
        if (request.name() == null || request.name().isBlank() || request.roles() == null
                || request.roles().isEmpty() || request.roles().stream().anyMatch(Objects::isNull)) {
            throw RequestError.unacceptable("a key needs a name and at least one role", List.of(
                    "roles must be some of " + EnumSet.allOf(Role.class).stream().map(Role::id).toList()));
        }
        if (request.name().length() > MAX_NAME) {
            throw RequestError.unacceptable("the key's name is too long", List.of(
                    "name must be at most " + MAX_NAME + " characters, was " + request.name().length()));
        }
        return keys.issue(Caller.of(identity).tenant(), request.name(), request.roles())
                .map(issued -> Response.status(Status.CREATED).entity(new IssuedKey(issued.key(), issued.apiKey()))
                        .build());
    }

    @GET
    @Operation(summary = "This tenant's keys (never their text)")
    public Uni<List<ApiKey>> list() {
        return keys.list(Caller.of(identity).tenant());
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(summary = "Revoke a key; it stops working within the key cache time")
    public Uni<Response> revoke(@PathParam("keyId") String keyId) {
        return keys.revoke(Caller.of(identity).tenant(), keyId).map(revoked -> {
            if (!revoked) {
                throw RequestError.notFound("no key '" + keyId + "'");
            }
            return Response.noContent().build();
        });
    }
}
