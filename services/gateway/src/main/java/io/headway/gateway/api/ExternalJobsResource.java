package io.headway.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.domain.ArtifactUpload;
import io.headway.gateway.domain.ExternalJob;
import io.headway.gateway.domain.ReportedLogs;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.service.ExternalReports;
import io.headway.gateway.service.JobSubmissions;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Jobs run elsewhere, reporting their own progress over HTTP exactly as they would to Kafka. */
@Path("/api/v1/external-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "external jobs")
@RolesAllowed(Role.Names.SUBMIT)
public class ExternalJobsResource {

    private final JobSubmissions submissions;
    private final ExternalReports reports;
    private final SecurityIdentity identity;

    public ExternalJobsResource(JobSubmissions submissions, ExternalReports reports, SecurityIdentity identity) {
        this.submissions = submissions;
        this.reports = reports;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Register an external job", description = "It starts QUEUED; report JobStarted when it "
            + "starts.")
    public Uni<Response> create(ExternalJob job, @HeaderParam(JobsResource.IDEMPOTENCY_KEY) String idempotencyKey) {
        JobsResource.requireBody(job);
        return submissions.createExternal(Caller.of(identity), job, idempotencyKey)
                .map(accepted -> JobsResource.accepted(accepted,
                        URI.create(accepted.body().links().get("self"))));
    }

    @POST
    @Path("/{jobId}/events")
    @Operation(summary = "Report events", description = "One event or an array, each as on headway.progress "
            + "without the envelope: {\"type\":\"ProgressReported\",\"fraction\":0.5}. All or none are recorded.")
    public Uni<Response> report(@PathParam("jobId") String jobId, JsonNode events) {
        return reports.report(Caller.of(identity), jobId, events).map(reported -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("jobId", jobId);
            answer.put("events", reported.events().size());
            if (reported.control() != null) {
                answer.put("control", reported.control()); // cancel or pause asked for: the reporter should act
            }
            return Response.accepted(answer).build();
        });
    }

    @POST
    @Path("/{jobId}/artifacts")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload an artifact or a preview", description = "multipart/form-data: file (required); "
            + "name (the file's name unless given); preview (true for an image of the work in progress); type (the "
            + "media type it claims, else its part's). The bytes are checked: a type they contradict, a name that is "
            + "not a plain file name or a size beyond the limits is refused (422) and nothing is kept.")
    public Uni<Response> artifact(@PathParam("jobId") String jobId, @RestForm("file") FileUpload file,
            @RestForm("name") String name, @RestForm("preview") boolean preview, @RestForm("type") String type) {
        if (file == null) {
            throw RequestError.badInput("the form has no file part; send the bytes as 'file'");
        }
        String claimed = type != null && !type.isBlank() ? type
                : file.contentType() == null || file.contentType().startsWith(MediaType.APPLICATION_OCTET_STREAM)
                        ? null : file.contentType();
        return reports.reportArtifact(Caller.of(identity), jobId, new ArtifactUpload(file.uploadedFile(),
                file.fileName(), name, claimed, preview)).map(saved -> {
                    URI download = URI.create("/api/v1/jobs/" + jobId + "/artifacts/" + saved.name());
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("jobId", jobId);
                    answer.put("name", saved.name());
                    answer.put("mediaType", saved.mediaType());
                    answer.put("sizeBytes", saved.sizeBytes());
                    answer.put("sha256", saved.sha256());
                    answer.put("preview", saved.preview());
                    answer.put("links", Map.of("download", download.toString()));
                    return Response.created(download).entity(answer).type(MediaType.APPLICATION_JSON).build();
                });
    }

    @POST
    @Path("/{jobId}/logs")
    @Operation(summary = "Report log lines; the gateway numbers them")
    public Uni<Response> logs(@PathParam("jobId") String jobId, ReportedLogs logs) {
        JobsResource.requireBody(logs);
        return reports.reportLogs(Caller.of(identity), jobId, logs)
                .map(batch -> Response.accepted(Map.of("jobId", jobId, "attempt", batch.attempt(),
                        "first", batch.lines().getFirst().sequence(),
                        "last", batch.lines().getLast().sequence())).build());
    }
}
