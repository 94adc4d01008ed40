package io.headway.gateway.api;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.auth.StreamTickets;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a client needs to start a session: who its key is (so a dashboard shows only the controls the key may use) and
 * a ticket to open the live stream with, so the key itself never goes into a URL.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "session")
public class SessionResource {

    private final StreamTickets tickets;
    private final SecurityIdentity identity;

    public SessionResource(StreamTickets tickets, SecurityIdentity identity) {
        this.tickets = tickets;
        this.identity = identity;
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The calling key: its id, name, tenant and roles")
    public Me me() {
        Caller caller = Caller.of(identity);
        Set<String> roles = new TreeSet<>();
        for (Role role : Role.values()) {
            if (identity.hasRole(role.id())) {
                roles.add(role.id());
            }
        }
        return new Me(caller.keyId(), caller.name(), caller.tenant(), roles);
    }

    @POST
    @Path("/stream/tickets")
    @Authenticated
    @Operation(summary = "A single-use ticket, valid 30 s, to open /api/v1/stream?ticket=... (or the SSE stream)")
    public Uni<StreamTickets.Ticket> ticket() {
        return tickets.issue(Caller.key(identity));
    }

    /** The calling key, as a client sees it. */
    public record Me(String keyId, String name, String tenant, Set<String> roles) {
    }
}
