package io.headway.gateway.api;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.store.EtaAccuracyStore;
import io.headway.gateway.store.EtaAccuracyStore.TypeAccuracy;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How far to trust the ETA of each kind of job: the predictor's scored accuracy, for the caller's tenant. */
@Path("/api/v1/eta/accuracy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "statistics")
public class EtaAccuracyResource {

    private static final int MAX_DAYS = 365;

    private final EtaAccuracyStore store;
    private final SecurityIdentity identity;

    private final Clock clock;

    public EtaAccuracyResource(EtaAccuracyStore store, SecurityIdentity identity, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "ETA accuracy per job type: median and p90 error at 10/25/50/75/90 % progress, range coverage")
    public Uni<EtaAccuracy> accuracy(@QueryParam("days") @DefaultValue("30") int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw RequestError.badInput("days must be between 1 and " + MAX_DAYS + ", was " + days);
        }
        Instant since = clock.instant().minus(Duration.ofDays(days));
        return store.byType(Caller.of(identity).tenant(), since).map(types -> new EtaAccuracy(days, types));
    }

    /** The report: over the jobs that finished in the last {@code days}. */
    public record EtaAccuracy(int days, List<TypeAccuracy> jobTypes) {
    }
}
