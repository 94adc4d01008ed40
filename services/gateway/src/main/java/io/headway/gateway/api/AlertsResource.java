package io.headway.gateway.api;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.domain.AlertView;
import io.headway.gateway.domain.Page;
import io.headway.gateway.service.AlertQueries;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's alerts: raised by the aggregator (and by the gateway for a disabled webhook), kept with history. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
@RolesAllowed(Role.Names.READ)
public class AlertsResource {

    private final AlertQueries alerts;
    private final SecurityIdentity identity;

    public AlertsResource(AlertQueries alerts, SecurityIdentity identity) {
        this.alerts = alerts;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Search alerts, newest raised first, a page at a time")
    public Uni<Page<AlertView>> search(@BeanParam AlertSearch search) {
        return alerts.search(search.page(Caller.of(identity).tenant()));
    }

    @GET
    @Path("/{alertId}")
    @Operation(summary = "One alert with every change it went through, in order")
    public Uni<AlertView> alert(@PathParam("alertId") UUID alertId) {
        return alerts.alert(Caller.of(identity), alertId);
    }
}
