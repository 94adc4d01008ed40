package io.headway.gateway.api;

import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.store.AlertCursor;
import io.headway.gateway.store.AlertQuery;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters of an alert search ({@code GET /alerts}, {@code GET /jobs/{id}/alerts}), as the store's query. */
public record AlertSearch(
        @QueryParam("state") @Parameter(description = "open (not resolved yet), or RAISED, UPDATED, RESOLVED; "
                + "repeatable") List<String> states,
        @QueryParam("kind") @Parameter(description = "e.g. STALLED, FAILED, THRESHOLD") String kind,
        @QueryParam("severity") String severity,
        @QueryParam("jobId") String jobId,
        @QueryParam("since") @Parameter(description = "raised at or after this instant") String since,
        @QueryParam("cursor") String cursor,
        @QueryParam("limit") Integer limit) {

    static final String OPEN = "open";
    private static final int PAGE = 50;

    /** One page of the tenant's alerts that match, from the cursor on. */
    public AlertQuery page(String tenant) {
        List<String> named = states == null ? List.of() : states;
        boolean open = named.stream().anyMatch(OPEN::equalsIgnoreCase);
        Set<AlertState> exact = QueryParameters.enumValues(AlertState.class,
                named.stream().filter(state -> !OPEN.equalsIgnoreCase(state)).toList(), "state");
        AlertSeverity level = severity == null ? null
                : QueryParameters.enumValues(AlertSeverity.class, List.of(severity), "severity").iterator().next();
        return new AlertQuery(tenant, open, exact, kind, level, jobId, QueryParameters.instant(since, "since"),
                after(), QueryParameters.pageSize(limit, PAGE));
    }

    private AlertCursor after() {
        try {
            return cursor == null ? null : AlertCursor.parse(cursor);
        } catch (IllegalArgumentException e) {
            throw RequestError.badInput(e.getMessage());
        }
    }
}
