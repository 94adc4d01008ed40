package io.headway.gateway.api;

import io.headway.gateway.auth.Role;
import io.headway.gateway.service.JobSubmissions;
import io.headway.templates.JobTemplate;
import io.headway.templates.ParameterSpec;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The job types that can be submitted, with their parameters and limits. */
@Path("/api/v1/job-types")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobTypesResource {

    private final JobSubmissions submissions;

    public JobTypesResource(JobSubmissions submissions) {
        this.submissions = submissions;
    }

    /** A job type as a client sees it: never its command. */
    public record JobType(String type, String description, List<ParameterSpec> parameters, long timeoutMs,
            int maxAttempts) {
        static JobType of(JobTemplate template) {
            return new JobType(template.type(), template.description(), template.parameters(),
                    template.timeout().toMillis(), template.retry().maxAttempts());
        }
    }

    @GET
    @RolesAllowed({Role.Names.SUBMIT, Role.Names.READ})
    @Operation(summary = "The job types this platform runs")
    public List<JobType> types() {
        return submissions.templates().types().stream().map(type -> submissions.templates().find(type).orElseThrow())
                .map(JobType::of).sorted(Comparator.comparing(JobType::type)).toList();
    }
}
