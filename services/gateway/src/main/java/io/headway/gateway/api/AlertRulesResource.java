package io.headway.gateway.api;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.domain.AlertRule;
import io.headway.gateway.domain.AlertRuleDefinition;
import io.headway.gateway.service.AlertRules;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An admin's threshold rules for its tenant's jobs; the aggregator raises and resolves the alerts they describe. */
@Path("/api/v1/alert-rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
@RolesAllowed(Role.Names.ADMIN)
public class AlertRulesResource {

    private final AlertRules rules;
    private final SecurityIdentity identity;

    public AlertRulesResource(AlertRules rules, SecurityIdentity identity) {
        this.rules = rules;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "This tenant's alert rules, oldest first")
    public Uni<List<AlertRule>> list() {
        return rules.list(tenant());
    }

    @POST
    @Operation(summary = "Add an alert rule")
    public Uni<Response> create(AlertRuleDefinition rule, @Context UriInfo uri) {
        JobsResource.requireBody(rule);
        return rules.create(tenant(), rule).map(created -> Created.at(uri, created.ruleId(), created));
    }

    @GET
    @Path("/{ruleId}")
    @Operation(summary = "One alert rule")
    public Uni<AlertRule> get(@PathParam("ruleId") UUID ruleId) {
        return rules.get(tenant(), ruleId);
    }

    @PUT
    @Path("/{ruleId}")
    @Operation(summary = "Replace an alert rule")
    public Uni<AlertRule> replace(@PathParam("ruleId") UUID ruleId, AlertRuleDefinition rule) {
        JobsResource.requireBody(rule);
        return rules.replace(tenant(), ruleId, rule);
    }

    @DELETE
    @Path("/{ruleId}")
    @Operation(summary = "Delete an alert rule")
    public Uni<Response> delete(@PathParam("ruleId") UUID ruleId) {
        return rules.delete(tenant(), ruleId).map(deleted -> Response.noContent().build());
    }

    private String tenant() {
        return Caller.of(identity).tenant();
    }
}
