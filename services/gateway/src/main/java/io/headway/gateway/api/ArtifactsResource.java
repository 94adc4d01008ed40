package io.headway.gateway.api;

import io.headway.events.state.JobState;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.domain.ByteRange;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.service.ArtifactDownloads;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A job's previews and artifacts: listed from its snapshot, served from the artifact store. Served bytes can never run
 * as the gateway's own page: every response is sandboxed by its Content-Security-Policy, is not sniffed into another
 * type, and is a download unless it is an image asked for inline.
 */
@Path("/api/v1/jobs/{jobId}/artifacts")
@Tag(name = "artifacts")
@RolesAllowed(Role.Names.READ)
public class ArtifactsResource {

    /** No script, style, frame or plugin from served bytes, even if a browser is told to render them. */
    static final String SANDBOX = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
    private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private final ArtifactDownloads downloads;
    private final SecurityIdentity identity;

    public ArtifactsResource(ArtifactDownloads downloads, SecurityIdentity identity) {
        this.downloads = downloads;
        this.identity = identity;
    }

    /** An artifact as listed, with where to fetch it. */
    public record ArtifactView(String name, String mediaType, long sizeBytes, String sha256, boolean preview,
            String stage, Instant savedAt, Map<String, String> links) {
    }

    public record ArtifactList(String jobId, List<ArtifactView> items) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A job's previews and artifacts, in the order first saved (one per name, the latest)")
    public Uni<ArtifactList> list(@PathParam("jobId") String jobId) {
        return downloads.list(Caller.of(identity), jobId).map(artifacts -> new ArtifactList(jobId,
                artifacts.stream().map(a -> view(jobId, a)).toList()));
    }

    @GET
    @Path("/{name}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "An artifact's bytes; a single Range is honoured (206)", description = "A download "
            + "(Content-Disposition: attachment) unless inline=true is asked for an image; always sandboxed.")
    public Uni<Response> download(@PathParam("jobId") String jobId, @PathParam("name") String name,
            @HeaderParam("Range") String range, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @QueryParam("inline") @Parameter(description = "show an image in the page instead of saving it")
            boolean inline) {
        return downloads.find(Caller.of(identity), jobId, name).chain(artifact -> {
            String etag = "\"" + artifact.sha256() + "\"";
            if (etag.equals(ifNoneMatch)) {
                return Uni.createFrom().item(Response.notModified().header(HttpHeaders.ETAG, etag).build());
            }
            boolean asImage = inline && INLINE.contains(artifact.mediaType());
            return serve(artifact.location(), artifact.mediaType(), range, etag,
                    (asImage ? "inline" : "attachment") + "; filename=\"" + artifact.name() + "\"");
        });
    }

    @GET
    @Path("/{name}/thumbnail")
    @Produces("image/png")
    @Operation(summary = "A small PNG of an image artifact")
    public Uni<Response> thumbnail(@PathParam("jobId") String jobId, @PathParam("name") String name) {
        return downloads.find(Caller.of(identity), jobId, name).chain(artifact -> {
            if (artifact.thumbnail() == null) {
                throw RequestError.notFound("artifact '" + name + "' of job '" + jobId
                        + "' is not an image this gateway could make a thumbnail of");
            }
            return serve(artifact.thumbnail(), "image/png", null, "\"" + artifact.sha256() + "-thumb\"",
                    "inline; filename=\"" + name + ".thumb.png\"");
        });
    }

    private Uni<Response> serve(String key, String mediaType, String rangeHeader, String etag, String disposition) {
        return downloads.size(key).chain(size -> {
            ByteRange.Request asked = ByteRange.of(rangeHeader, size);
            if (asked instanceof ByteRange.Unsatisfiable) {
                Response problem = Problem.of(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE, "the artifact has "
                        + size + " bytes; the range asked for starts beyond them").toResponse();
                return Uni.createFrom().item(Response.fromResponse(problem).header("Content-Range", "bytes */"
                        + size).build());
            }
            ByteRange range = asked instanceof ByteRange.Partial partial ? partial.range() : new ByteRange(0, size);
            return downloads.open(key, range.first(), range.length()).map(bytes -> {
                Response.ResponseBuilder response = Response.status(asked instanceof ByteRange.Partial
                        ? Response.Status.PARTIAL_CONTENT : Response.Status.OK).entity(bytes)
                        .type(mediaType)
                        .header(HttpHeaders.CONTENT_LENGTH, range.length())
                        .header("Content-Disposition", disposition)
                        .header("Content-Security-Policy", SANDBOX)
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Accept-Ranges", "bytes")
                        .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                        .header(HttpHeaders.ETAG, etag);
                if (asked instanceof ByteRange.Partial) {
                    response.header("Content-Range", range.contentRange(size));
                }
                return response.build();
            });
        });
    }

    private static ArtifactView view(String jobId, JobState.Artifact artifact) {
        String self = "/api/v1/jobs/" + jobId + "/artifacts/" + artifact.name();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("download", self);
        if (artifact.thumbnail() != null) {
            links.put("thumbnail", self + "/thumbnail");
        }
        return new ArtifactView(artifact.name(), artifact.mediaType(), artifact.sizeBytes(), artifact.sha256(),
                artifact.preview(), artifact.stage(), artifact.savedAt(), links);
    }
}
