package io.headway.gateway.stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headway.events.Alert;
import io.headway.events.LogBatch;
import io.headway.events.live.LogTailEntry;
import io.headway.events.state.JobState;
import io.headway.stream.ServerMessage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Routes what the feeds bring (the Kafka topics, and the snapshots the aggregator pushes over Redis) to the sessions
 * that asked for it. Sessions are indexed by the job ids they follow, and by tenant when they follow a batch, labels
 * or everything; a snapshot is offered to the first group and to its tenant's second group only, so a tenant never
 * sees another's jobs and an update costs nothing for sessions that do not follow it.
 */
@ApplicationScoped
public class Hub {

    /** Where a job belongs, learned from its snapshots: what log lines and alerts are routed by. */
    public record Route(String tenant, String batchId, Map<String, String> labels) {
        static Route of(JobState state) {
            return new Route(state.tenant(), state.batchId(), state.labels());
        }
    }

    private final Map<String, Set<StreamSession>> byJob = new ConcurrentHashMap<>();
    private final Map<String, Set<StreamSession>> byTenant = new ConcurrentHashMap<>();
    private final Map<StreamSession, Indexed> indexed = new ConcurrentHashMap<>();
    private final Map<String, Integer> sessionsByTenant = new ConcurrentHashMap<>();
    // Cache upkeep on the writing thread: on the common pool it woke a thread per write (docs/benchmarks.md).
    private final Cache<String, Route> routes = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofHours(2)).executor(Runnable::run).build();

    private record Indexed(Set<String> jobIds, boolean tenantWide) {
    }

    public Hub(MeterRegistry metrics) {
        Gauge.builder("headway.gateway.stream.sessions", this, Hub::sessions)
                .description("Live stream clients (WebSocket and SSE) with at least one subscription")
                .register(metrics);
    }

    /** Indexes a session again after its subscriptions changed. */
    public void reindex(StreamSession session) {
        remove(session);
        Set<String> jobIds = new HashSet<>();
        boolean tenantWide = false;
        for (StreamSession.Subscription subscription : session.subscriptions()) {
            if (subscription.selector() instanceof Selector.Jobs jobs) {
                jobIds.addAll(jobs.jobIds());
            } else {
                tenantWide = true;
            }
        }
        jobIds.forEach(job -> byJob.computeIfAbsent(job, k -> ConcurrentHashMap.newKeySet()).add(session));
        if (tenantWide) {
            byTenant.computeIfAbsent(session.tenant(), k -> ConcurrentHashMap.newKeySet()).add(session);
        }
        indexed.put(session, new Indexed(jobIds, tenantWide));
        sessionsByTenant.merge(session.tenant(), 1, Integer::sum);
    }

    public void remove(StreamSession session) {
        Indexed previous = indexed.remove(session);
        if (previous == null) {
            return;
        }
        sessionsByTenant.computeIfPresent(session.tenant(), (tenant, count) -> count == 1 ? null : count - 1);
        previous.jobIds().forEach(job -> byJob.computeIfPresent(job, (k, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        }));
        if (previous.tenantWide()) {
            byTenant.computeIfPresent(session.tenant(), (k, sessions) -> {
                sessions.remove(session);
                return sessions.isEmpty() ? null : sessions;
            });
        }
    }

    public int sessions() {
        return indexed.size();
    }

    public void learn(JobState state) {
        if (state.tenant() != null) {
            routes.put(state.jobId(), Route.of(state));
        }
    }

    public Route route(String jobId) {
        return routes.getIfPresent(jobId);
    }

    /** A snapshot from {@code headway.job-state}, with its frame encoded once for everyone. */
    public void snapshot(SnapshotHead snapshot, Frame frame) {
        Route route = snapshot.route();
        if (route.tenant() == null) {
            return;
        }
        routes.put(snapshot.jobId(), route);
        forEachCandidate(route.tenant(), snapshot.jobId(), session -> session.offerSnapshot(snapshot, frame));
    }

    /** Log lines of a job whose route is known. */
    public void logs(LogBatch batch, Route route) {
        List<LogTailEntry> lines = batch.lines().stream().map(line -> new LogTailEntry(batch.attempt(), line))
                .toList();
        forEachCandidate(route.tenant(), batch.jobId(),
                session -> session.offerLogs(batch.jobId(), route.batchId(), route.labels(), lines));
    }

    /**
     * An alert about a job goes where its job's snapshots go; one about the tenant's own setup (no job, such as a
     * disabled webhook) goes to the tenant's sessions that follow all of its jobs, and to no one else.
     */
    public void alert(Alert alert) {
        Frame frame = Frame.of(new ServerMessage.AlertChanged(alert.jobId(), alert));
        if (alert.jobId() == null) {
            forEachTenantWide(alert.tenant(), session -> {
                if (session.subscriptions().stream().anyMatch(s -> s.selector() instanceof Selector.All)) {
                    session.offerMessage(frame);
                }
            });
            return;
        }
        Route route = routes.getIfPresent(alert.jobId());
        forEachCandidate(alert.tenant(), alert.jobId(), session -> {
            boolean covered = session.subscriptions().stream().anyMatch(s -> route != null
                    ? s.selector().covers(alert.jobId(), route.batchId(), route.labels())
                    : s.selector() instanceof Selector.Jobs jobs && jobs.jobIds().contains(alert.jobId()));
            if (covered) {
                session.offerMessage(frame);
            }
        });
    }

    /** Whether any session of the tenant is on this instance: none, and none of its jobs' news is wanted here. */
    public boolean anyoneOf(String tenant) {
        return sessionsByTenant.containsKey(tenant);
    }

    /** Whether any session on this instance could want this job's log lines. */
    public boolean anyoneFollows(String jobId, String tenant) {
        // ConcurrentHashMap refuses null keys: with the tenant unknown, any tenant-wide session may want them.
        return byJob.containsKey(jobId) || (tenant == null ? !byTenant.isEmpty() : byTenant.containsKey(tenant));
    }

    private void forEachCandidate(String tenant, String jobId, Consumer<StreamSession> action) {
        Set<StreamSession> followers = byJob.get(jobId);
        if (followers != null) {
            for (StreamSession session : followers) {
                if (session.tenant().equals(tenant)) {
                    action.accept(session);
                }
            }
        }
        Set<StreamSession> skipped = followers == null ? Set.of() : followers;
        forEachTenantWide(tenant, session -> {
            if (!skipped.contains(session)) {
                action.accept(session);
            }
        });
    }

    private void forEachTenantWide(String tenant, Consumer<StreamSession> action) {
        Set<StreamSession> tenantWide = byTenant.get(tenant);
        if (tenantWide != null) {
            tenantWide.forEach(action);
        }
    }
}
