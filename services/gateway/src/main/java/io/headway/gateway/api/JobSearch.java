package io.headway.gateway.api;

import io.headway.events.state.JobStatus;
import io.headway.gateway.domain.RequestError;
import io.headway.history.JobCursor;
import io.headway.history.JobQuery;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of a job search ({@code GET /jobs} and its export), read by JAX-RS as a parameter record and
 * turned into the store's {@link JobQuery} here, so the endpoints only delegate.
 */
public record JobSearch(
        @QueryParam("status") List<String> statuses,
        @QueryParam("type") String type,
        @QueryParam("batchId") String batchId,
        @QueryParam("label") @Parameter(description = "key:value, repeatable; all must match") List<String> labels,
        @QueryParam("from") String from,
        @QueryParam("to") String to,
        @QueryParam("cursor") String cursor,
        @QueryParam("limit") Integer limit) {

    private static final int PAGE = 50;

    /** One page of the tenant's jobs that match, from the cursor on. */
    public JobQuery page(String tenant) {
        return query(tenant, after(), QueryParameters.pageSize(limit, PAGE));
    }

    /** Every job of the tenant that matches, for an export: paging parameters are not read. */
    public JobQuery all(String tenant) {
        return query(tenant, null, 1);
    }

    private JobQuery query(String tenant, JobCursor after, int pageSize) {
        return new JobQuery(tenant, QueryParameters.enumValues(JobStatus.class, list(statuses), "status"), type,
                batchId, QueryParameters.labels(list(labels)), QueryParameters.instant(from, "from"),
                QueryParameters.instant(to, "to"), after, pageSize);
    }

    private JobCursor after() {
        try {
            return cursor == null ? null : JobCursor.parse(cursor);
        } catch (IllegalArgumentException e) {
            throw RequestError.badInput(e.getMessage());
        }
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
