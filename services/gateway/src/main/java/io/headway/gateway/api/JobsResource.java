package io.headway.gateway.api;

import io.headway.events.CheckpointSaved;
import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.LogLevel;
import io.headway.events.ResourceSampled;
import io.headway.events.live.LogTailEntry;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.AlertView;
import io.headway.gateway.domain.BatchSubmission;
import io.headway.gateway.domain.JobSubmission;
import io.headway.gateway.domain.Page;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.service.AlertQueries;
import io.headway.gateway.service.JobControl;
import io.headway.gateway.service.JobQueries;
import io.headway.gateway.service.JobSubmissions;
import io.headway.history.JobSummary;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Submit, find, read, search, export and control jobs. Endpoints only adapt HTTP; the services decide. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobsResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final JobSubmissions submissions;
    private final JobQueries queries;
    private final JobControl control;
    private final Exports exports;
    private final SecurityIdentity identity;
    private final GatewayConfig config;
    private final AlertQueries alerts;

    public JobsResource(JobSubmissions submissions, JobQueries queries, JobControl control, Exports exports,
            SecurityIdentity identity, GatewayConfig config, AlertQueries alerts) {
        this.submissions = submissions;
        this.queries = queries;
        this.control = control;
        this.exports = exports;
        this.identity = identity;
        this.config = config;
        this.alerts = alerts;
    }

    @POST
    @RolesAllowed(Role.Names.SUBMIT)
    @Operation(summary = "Submit a job", description = "Answers 202 with the job id and its links; with an "
            + "Idempotency-Key, a retry answers 200 with the same job.")
    public Uni<Response> submit(JobSubmission submission,
            @HeaderParam(IDEMPOTENCY_KEY) @Parameter(description = "makes retries safe") String idempotencyKey) {
        requireBody(submission);
        return submissions.submit(caller(), submission, idempotencyKey)
                .map(accepted -> accepted(accepted, URI.create(accepted.body().links().get("self"))));
    }

    @POST
    @Path("/batch")
    @RolesAllowed(Role.Names.SUBMIT)
    @Operation(summary = "Submit a batch of jobs, all or none")
    public Uni<Response> submitBatch(BatchSubmission batch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        requireBody(batch);
        return submissions.submitBatch(caller(), batch, idempotencyKey)
                .map(accepted -> accepted(accepted, URI.create(accepted.body().links().get("self"))));
    }

    @GET
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "Search jobs, newest first, a page at a time")
    public Uni<Page<JobSummary>> search(@BeanParam JobSearch search) {
        return queries.search(search.page(caller().tenant()));
    }

    @GET
    @Path("/export")
    @RolesAllowed(Role.Names.READ)
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Export every job a search finds, as CSV or JSON")
    @Blocking
    public Response export(@QueryParam("format") String format, @BeanParam JobSearch search) {
        Multi<JobSummary> jobs = queries.exportJobs(search.all(caller().tenant()), config.limits().exportRows());
        return exports.respond(format, "jobs", jobs, Exports.JOB_COLUMNS, Exports::jobRow);
    }

    @GET
    @Path("/{jobId}")
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "A job's current state: live while Redis holds it, else its last state in the history")
    public Uni<String> job(@PathParam("jobId") String jobId) {
        return queries.job(caller(), jobId);
    }

    @GET
    @Path("/{jobId}/logs")
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "A job's log lines in order, a page at a time")
    public Uni<Page<LogTailEntry>> logs(@PathParam("jobId") String jobId,
            @QueryParam("after") @Parameter(description = "attempt:sequence of the last line you have") String after,
            @QueryParam("since") String since, @QueryParam("level") List<String> levels,
            @QueryParam("limit") Integer limit) {
        return queries.logs(caller(), jobId, after == null ? null : JobQueries.logPosition(after),
                QueryParameters.instant(since, "since"), QueryParameters.enumValues(LogLevel.class, levels, "level"),
                QueryParameters.pageSize(limit, 500));
    }

    @GET
    @Path("/{jobId}/events")
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "A job's event history in order, a page at a time")
    public Uni<Page<JobQueries.EventView>> events(@PathParam("jobId") String jobId,
            @QueryParam("type") List<String> types, @QueryParam("after") Long after,
            @QueryParam("limit") Integer limit) {
        return queries.events(caller(), jobId, Set.copyOf(types), after == null ? -1 : after,
                QueryParameters.pageSize(limit, 500));
    }

    @GET
    @Path("/{jobId}/resources")
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "A job's CPU, memory and I/O samples in order")
    public Uni<Page<JobQueries.EventView>> resources(@PathParam("jobId") String jobId, @QueryParam("after") Long after,
            @QueryParam("limit") Integer limit) {
        return queries.events(caller(), jobId, Set.of(ResourceSampled.class.getSimpleName()),
                after == null ? -1 : after, QueryParameters.pageSize(limit, 500));
    }

    @GET
    @Path("/{jobId}/checkpoints")
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "The checkpoints a job saved, in order")
    public Uni<Page<JobQueries.EventView>> checkpoints(@PathParam("jobId") String jobId,
            @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        return queries.events(caller(), jobId, Set.of(CheckpointSaved.class.getSimpleName()),
                after == null ? -1 : after, QueryParameters.pageSize(limit, 500));
    }

    @GET
    @Path("/{jobId}/alerts")
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "A job's alerts, newest raised first, a page at a time")
    public Uni<Page<AlertView>> alerts(@PathParam("jobId") String jobId, @BeanParam AlertSearch search) {
        return alerts.ofJob(caller(), jobId, search.page(caller().tenant()));
    }

    @GET
    @Path("/{jobId}/events/export")
    @RolesAllowed(Role.Names.READ)
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Export a job's whole event history as CSV or JSON")
    @Blocking
    public Response exportEvents(@PathParam("jobId") String jobId, @QueryParam("format") String format) {
        queries.job(caller(), jobId).await().atMost(Duration.ofSeconds(30));
        return exports.respond(format, "job-" + jobId + "-events",
                queries.exportEvents(jobId, config.limits().exportRows()), Exports.EVENT_COLUMNS, Exports::eventRow);
    }

    @POST
    @Path("/{jobId}/cancel")
    @RolesAllowed(Role.Names.CONTROL)
    @Operation(summary = "Cancel a job: it stops (or never starts), keeping its logs and partial results")
    public Uni<Response> cancel(@PathParam("jobId") String jobId, ControlReason reason) {
        return control(jobId, ControlAction.CANCEL, reason);
    }

    @POST
    @Path("/{jobId}/pause")
    @RolesAllowed(Role.Names.CONTROL)
    @Operation(summary = "Pause a running job")
    public Uni<Response> pause(@PathParam("jobId") String jobId, ControlReason reason) {
        return control(jobId, ControlAction.PAUSE, reason);
    }

    @POST
    @Path("/{jobId}/resume")
    @RolesAllowed(Role.Names.CONTROL)
    @Operation(summary = "Resume a paused job")
    public Uni<Response> resume(@PathParam("jobId") String jobId, ControlReason reason) {
        return control(jobId, ControlAction.RESUME, reason);
    }

    private Uni<Response> control(String jobId, ControlAction action, ControlReason reason) {
        return control.request(caller(), jobId, action, reason == null ? null : reason.reason())
                .map(intent -> Response.accepted(intentView(intent)).build());
    }

    private static Map<String, Object> intentView(ControlIntent intent) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", intent.jobId());
        view.put("action", intent.action());
        view.put("reason", intent.reason());
        view.put("requestedBy", intent.requestedBy());
        view.put("requestedAt", intent.requestedAt());
        return view;
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    static Response accepted(JobSubmissions.Accepted<?> accepted, URI location) {
        Response.ResponseBuilder response = accepted.replayed() ? Response.ok(accepted.body())
                .header("Idempotent-Replayed", "true") : Response.accepted(accepted.body());
        return response.location(location).build();
    }

    static void requireBody(Object body) {
        if (body == null) {
            throw RequestError.badInput("the request needs a JSON body");
        }
    }
}
