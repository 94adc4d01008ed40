package io.headway.gateway.api;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.delivery.Deliverer;
import io.headway.gateway.domain.Channel;
import io.headway.gateway.domain.Delivery;
import io.headway.gateway.domain.Webhook;
import io.headway.gateway.domain.WebhookDefinition;
import io.headway.gateway.service.AlertChannels;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An admin's webhooks: alerts POSTed, signed, retried; each with its delivery log, a test, and re-enabling. */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
@RolesAllowed(Role.Names.ADMIN)
public class WebhooksResource {

    private static final int DELIVERIES = 50;

    private final AlertChannels channels;
    private final Deliverer deliverer;
    private final SecurityIdentity identity;

    public WebhooksResource(AlertChannels channels, Deliverer deliverer, SecurityIdentity identity) {
        this.channels = channels;
        this.deliverer = deliverer;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "This tenant's webhooks (never their secrets)")
    public Uni<List<Webhook>> list() {
        return channels.webhooks(tenant());
    }

    @POST
    @Operation(summary = "Add a webhook; its signing secret is shown only in this response")
    public Uni<Response> create(WebhookDefinition webhook, @Context UriInfo uri) {
        JobsResource.requireBody(webhook);
        return channels.createWebhook(tenant(), webhook)
                .map(created -> Created.at(uri, created.webhook().webhookId(), created));
    }

    @GET
    @Path("/{webhookId}")
    @Operation(summary = "One webhook, with why it was disabled if it was")
    public Uni<Webhook> get(@PathParam("webhookId") UUID webhookId) {
        return channels.webhook(tenant(), webhookId);
    }

    @DELETE
    @Path("/{webhookId}")
    @Operation(summary = "Remove a webhook, with its waiting deliveries and their log")
    public Uni<Response> delete(@PathParam("webhookId") UUID webhookId) {
        return channels.delete(tenant(), Channel.Kind.WEBHOOK, webhookId).map(done -> Response.noContent().build());
    }

    @PUT
    @Path("/{webhookId}/enabled")
    @Operation(summary = "Enable a disabled webhook again; its waiting deliveries go out")
    public Uni<Webhook> enable(@PathParam("webhookId") UUID webhookId) {
        return channels.enableWebhook(tenant(), webhookId);
    }

    @POST
    @Path("/{webhookId}/test")
    @Operation(summary = "Send a test alert now and answer with the attempt", description = "The delivery and its "
            + "one attempt join the webhook's delivery log; a test is not retried and never disables the webhook.")
    public Uni<Delivery> test(@PathParam("webhookId") UUID webhookId) {
        return deliverer.test(tenant(), webhookId);
    }

    @GET
    @Path("/{webhookId}/deliveries")
    @Operation(summary = "The webhook's delivery log, newest first, each delivery with its attempts")
    public Uni<List<Delivery>> deliveries(@PathParam("webhookId") UUID webhookId,
            @QueryParam("limit") @Parameter(description = "at most this many deliveries; 50 by default")
            Integer limit) {
        return channels.deliveries(tenant(), webhookId, QueryParameters.pageSize(limit, DELIVERIES));
    }

    private String tenant() {
        return Caller.of(identity).tenant();
    }
}
