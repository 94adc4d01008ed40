package io.headway.gateway.service;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.domain.AlertView;
import io.headway.gateway.domain.Page;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.store.AlertCursor;
import io.headway.gateway.store.AlertQuery;
import io.headway.gateway.store.AlertStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A tenant's alerts from the history: searched, one with its changes, or a job's (which the caller must own). */
@ApplicationScoped
public class AlertQueries {

    private final AlertStore alerts;
    private final JobAccess jobs;

    public AlertQueries(AlertStore alerts, JobAccess jobs) {
        this.alerts = alerts;
        this.jobs = jobs;
    }

    public Uni<Page<AlertView>> search(AlertQuery query) {
        return alerts.search(query).map(found -> new Page<>(found,
                found.size() < query.limit() ? null : AlertCursor.of(found.getLast()).token()));
    }

    /** A job's alerts; a job of another tenant is not found, exactly as its other reads. */
    public Uni<Page<AlertView>> ofJob(Caller caller, String jobId, AlertQuery query) {
        return jobs.require(caller, jobId).chain(() -> search(query.forJob(jobId)));
    }

    public Uni<AlertView> alert(Caller caller, UUID alertId) {
        return alerts.find(caller.tenant(), alertId)
                .map(found -> found.orElseThrow(() -> RequestError.notFound("no alert '" + alertId + "'")));
    }
}
