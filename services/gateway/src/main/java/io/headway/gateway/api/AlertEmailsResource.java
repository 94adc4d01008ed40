package io.headway.gateway.api;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.domain.AlertEmail;
import io.headway.gateway.domain.Channel;
import io.headway.gateway.domain.EmailDefinition;
import io.headway.gateway.service.AlertChannels;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An admin's email addresses for its tenant's alerts. */
@Path("/api/v1/alert-emails")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
@RolesAllowed(Role.Names.ADMIN)
public class AlertEmailsResource {

    private final AlertChannels channels;
    private final SecurityIdentity identity;

    public AlertEmailsResource(AlertChannels channels, SecurityIdentity identity) {
        this.channels = channels;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The addresses this tenant's alerts are emailed to")
    public Uni<List<AlertEmail>> list() {
        return channels.emails(tenant());
    }

    @POST
    @Operation(summary = "Email alerts of at least a severity to an address")
    public Uni<Response> create(EmailDefinition email, @Context UriInfo uri) {
        JobsResource.requireBody(email);
        return channels.createEmail(tenant(), email).map(created -> Created.at(uri, created.emailId(), created));
    }

    @DELETE
    @Path("/{emailId}")
    @Operation(summary = "Stop emailing alerts to an address")
    public Uni<Response> delete(@PathParam("emailId") UUID emailId) {
        return channels.delete(tenant(), Channel.Kind.EMAIL, emailId).map(done -> Response.noContent().build());
    }

    private String tenant() {
        return Caller.of(identity).tenant();
    }
}
