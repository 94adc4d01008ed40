package io.headway.gateway.store;

import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import java.time.Instant;
import java.util.Set;

/**
 * A search of one tenant's alerts, newest raised first; every filter is optional, {@code after} continues a page.
 *
 * @param openOnly only alerts not resolved yet
 * @param states   only alerts in one of these states, when not empty
 * @param since    only alerts raised at or after this
 */
public record AlertQuery(
        String tenant, boolean openOnly, Set<AlertState> states, String kind, AlertSeverity severity, String jobId,
        Instant since, AlertCursor after, int limit) {

    public AlertQuery {
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    public AlertQuery forJob(String job) {
        return new AlertQuery(tenant, openOnly, states, kind, severity, job, since, after, limit);
    }
}
