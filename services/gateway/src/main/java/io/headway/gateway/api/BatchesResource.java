package io.headway.gateway.api;

import io.headway.events.live.BatchProgress;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.service.JobQueries;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How a batch and the tenant's queue are doing. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "statistics")
public class BatchesResource {

    private final JobQueries queries;
    private final SecurityIdentity identity;

    public BatchesResource(JobQueries queries, SecurityIdentity identity) {
        this.queries = queries;
        this.identity = identity;
    }

    @GET
    @Path("/batches/{batchId}")
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "A batch's jobs by status, its progress and expected finish")
    public Uni<BatchProgress> batch(@PathParam("batchId") String batchId) {
        return queries.batch(Caller.of(identity), batchId);
    }

    @GET
    @Path("/queue")
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "The tenant's jobs by status, and the executors' capacity and load")
    public Uni<JobQueries.QueueView> queue() {
        return queries.queue(Caller.of(identity));
    }
}
