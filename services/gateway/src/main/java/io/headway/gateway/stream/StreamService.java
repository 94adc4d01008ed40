package io.headway.gateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.headway.events.JobSnapshot;
import io.headway.events.codec.HeadwayJson;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.Frame;
import io.headway.gateway.domain.LogPosition;
import io.headway.gateway.domain.Selector;
import io.headway.gateway.service.JobAccess;
import io.headway.gateway.store.HistoryStore;
import io.headway.gateway.store.LiveStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The live stream's protocol, shared by the WebSocket and SSE endpoints: opening a session within the per-key
 * connection limit, reading client messages, answering a subscription with the current snapshots (and log lines)
 * before the changes that follow, and filling log gaps from the history.
 */
@ApplicationScoped
public class StreamService {

    private static final Logger LOG = Logger.getLogger(StreamService.class);
    private static final int FILL_PAGE = 5000;
    private static final int FILL_TRIES = 20;
    private static final long FILL_RETRY_MS = 250;
    private static final int MAX_ID_LENGTH = 128;

    private final Hub hub;
    private final JobAccess jobs;
    private final LiveStore live;
    private final HistoryStore history;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final ObjectMapper json = HeadwayJson.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, AtomicInteger> connectionsByKey = new ConcurrentHashMap<>();

    public StreamService(Hub hub, JobAccess jobs, LiveStore live, HistoryStore history, GatewayConfig config,
            Vertx vertx) {
        this.hub = hub;
        this.jobs = jobs;
        this.live = live;
        this.history = history;
        this.config = config;
        this.vertx = vertx;
    }

    /** A client the stream cannot take; the reason is the message to give it. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Opens a session for a client, within its key's connection limit. */
    public StreamSession open(Caller caller, ClientChannel channel) {
        AtomicInteger open = connectionsByKey.computeIfAbsent(caller.keyId(), key -> new AtomicInteger());
        if (open.incrementAndGet() > config.limits().connectionsPerKey()) {
            open.decrementAndGet();
            throw new Refused("this key already holds " + config.limits().connectionsPerKey()
                    + " stream connections, the most allowed; close one first");
        }
        return new StreamSession(UUID.randomUUID().toString(), caller, channel, config.stream().sendWindow(),
                config.stream().queuedFrames(), (session, jobId) -> fill(session, jobId, 0));
    }

    public void closed(StreamSession session) {
        hub.remove(session);
        connectionsByKey.computeIfPresent(session.caller().keyId(),
                (key, open) -> open.decrementAndGet() <= 0 ? null : open);
    }

    /** Handles a message a client sent; any problem is answered with an error message, never by dropping it. */
    public void handle(StreamSession session, String text) {
        if (text.length() > config.limits().maxRequestBytes()) {
            session.offerMessage(Frames.error(null, "limit", "a message may be at most "
                    + config.limits().maxRequestBytes() + " bytes; this one was " + text.length()));
            return;
        }
        ClientMessage message;
        try {
            message = json.readValue(text, ClientMessage.class);
        } catch (UnrecognizedPropertyException e) {
            session.offerMessage(Frames.error(null, "bad_message", "unknown field '" + e.getPropertyName()
                    + "'; a message has type, id, jobIds, batchId, labels, all, logs, since, logsAfter, "
                    + "subscription and jobId"));
            return;
        } catch (JsonProcessingException e) {
            session.offerMessage(Frames.error(null, "bad_message", "not a JSON message: " + e.getOriginalMessage()));
            return;
        }
        if (message == null || message.type() == null) {
            session.offerMessage(Frames.error(message == null ? null : message.id(), "bad_message",
                    "a message needs a type: subscribe, unsubscribe, get_progress or get_batch_progress"));
            return;
        }
        try {
            switch (message.type()) {
                case "subscribe" -> subscribe(session, message);
                case "unsubscribe" -> unsubscribe(session, message);
                case "get_progress" -> getProgress(session, message);
                case "get_batch_progress" -> getBatchProgress(session, message);
                default -> session.offerMessage(Frames.error(message.id(), "bad_message", "unknown type '"
                        + message.type() + "'; use subscribe, unsubscribe, get_progress or get_batch_progress"));
            }
        } catch (IllegalArgumentException e) {
            session.offerMessage(Frames.error(message.id(), "bad_message", e.getMessage()));
        }
    }

    /**
     * Subscribes a session (for SSE, from its query), resuming from what the client has, and answers with the
     * current snapshots.
     */
    public void subscribe(StreamSession session, ClientMessage message) {
        Selector selector = selector(message);
        int weight = session.subscriptionWeight() + selector.weight();
        if (weight > config.limits().subscriptionsPerConnection()) {
            session.offerMessage(Frames.error(message.id(), "limit", "a connection may hold "
                    + config.limits().subscriptionsPerConnection() + " subscriptions (each job id counts as one); "
                    + "this one would make " + weight));
            return;
        }
        Map<String, LogPosition> logsAfter = new HashMap<>();
        if (message.logsAfter() != null) {
            message.logsAfter().forEach((job, mark) -> logsAfter.put(job,
                    new LogPosition(mark.attempt(), mark.sequence())));
        }
        session.resume(message.since() == null ? Map.of() : message.since(), logsAfter);
        StreamSession.Subscription subscription = session.subscribe(selector, message.wantsLogs());
        hub.reindex(session);
        Set<String> resumed = message.since() == null ? Set.of() : message.since().keySet();
        initialSnapshots(session.tenant(), selector, resumed).subscribe().with(found -> {
            List<String> pending = new ArrayList<>();
            if (selector instanceof Selector.Jobs jobs) {
                jobs.jobIds().stream().filter(job -> !found.containsKey(job)).sorted().forEach(pending::add);
            }
            found.forEach((jobId, job) -> {
                JobSnapshot snapshot = job.snapshot();
                hub.learn(snapshot.state());
                session.offerSnapshot(SnapshotHead.of(snapshot.state(), snapshot.sequence()),
                        Frames.snapshot(jobId, snapshot.sequence(), job.json()));
                if (subscription.logs()) {
                    startLogs(session, jobId);
                }
            });
            if (subscription.logs()) {
                pending.forEach(jobId -> session.startLogs(jobId));
            }
            session.offerMessage(Frames.subscribed(message.id(), subscription.id(), found.size(), pending));
        }, failure -> {
            LOG.warnf("Could not load the snapshots of a subscription: %s", failure.toString());
            session.offerMessage(Frames.error(message.id(), "unavailable",
                    "the current state could not be read; changes will still arrive"));
        });
    }

    private void unsubscribe(StreamSession session, ClientMessage message) {
        Selector selector = message.subscription() != null ? null : selector(message);
        List<StreamSession.Subscription> removed = session.unsubscribe(message.subscription(), selector);
        if (removed.isEmpty()) {
            session.offerMessage(Frames.error(message.id(), "not_found", "no subscription matches"));
            return;
        }
        hub.reindex(session);
        session.offerMessage(Frames.unsubscribed(message.id(),
                removed.stream().map(StreamSession.Subscription::id).toList()));
    }

    private void getProgress(StreamSession session, ClientMessage message) {
        String jobId = requireId(message.jobId(), "jobId");
        jobs.visible(session.tenant(), List.of(jobId)).subscribe().with(found -> {
            JobAccess.VisibleJob job = found.get(jobId);
            session.offerMessage(job == null
                    ? Frames.error(message.id(), "not_found", "no job '" + jobId + "'")
                    : Frames.progress(message.id(), job.json()));
        }, failure -> session.offerMessage(Frames.error(message.id(), "unavailable", "try again")));
    }

    private void getBatchProgress(StreamSession session, ClientMessage message) {
        String batchId = requireId(message.batchId(), "batchId");
        live.batch(session.tenant(), batchId).subscribe().with(found -> session.offerMessage(found
                .map(batch -> Frames.batchProgress(message.id(), batch))
                .orElseGet(() -> Frames.error(message.id(), "not_found", "no batch '" + batchId + "'"))),
                failure -> session.offerMessage(Frames.error(message.id(), "unavailable", "try again")));
    }

    private Selector selector(ClientMessage message) {
        int given = (message.jobIds() != null ? 1 : 0) + (message.batchId() != null ? 1 : 0)
                + (message.labels() != null ? 1 : 0) + (message.wantsAll() ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException(message.type() + " needs exactly one of jobIds, batchId, labels or "
                    + "all:true; this one has " + given);
        }
        if (message.jobIds() != null) {
            if (message.jobIds().isEmpty()) {
                throw new IllegalArgumentException("jobIds must not be empty");
            }
            message.jobIds().forEach(job -> requireId(job, "jobIds"));
            return new Selector.Jobs(Set.copyOf(message.jobIds()));
        }
        if (message.batchId() != null) {
            return new Selector.Batch(requireId(message.batchId(), "batchId"));
        }
        if (message.labels() != null) {
            if (message.labels().isEmpty()) {
                throw new IllegalArgumentException("labels must name at least one label");
            }
            return new Selector.Labels(message.labels());
        }
        return new Selector.All();
    }

    private static String requireId(String id, String field) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " must be a non-blank id of at most " + MAX_ID_LENGTH
                    + " characters");
        }
        return id;
    }

    /**
     * The snapshots a subscription starts with. For {@code all}, the tenant's active jobs and, when the client is
     * resuming, the jobs it already holds: those that ended while it was away are no longer active, and without
     * their last snapshot the client would show them running forever.
     */
    private Uni<Map<String, JobAccess.VisibleJob>> initialSnapshots(
            String tenant, Selector selector, Set<String> resumed) {
        int limit = config.stream().initialSnapshots();
        return switch (selector) {
            case Selector.Jobs selected -> jobs.visible(tenant, List.copyOf(selected.jobIds()));
            case Selector.Batch batch -> history.snapshotsOf(tenant, batch.batchId(), null, limit)
                    .map(found -> jobs.ownedBy(tenant, found));
            case Selector.Labels labels -> history.snapshotsOf(tenant, null, labels.labels(), limit)
                    .map(found -> jobs.ownedBy(tenant, found));
            case Selector.All all -> live.activeJobs(tenant).chain(ids -> jobs.visible(tenant,
                    Stream.concat(ids.stream().sorted().limit(limit), resumed.stream().sorted().limit(limit))
                            .distinct().toList()));
        };
    }

    /** Sends the job's recent log tail (or, resuming, what follows the client's last line), then live lines. */
    private void startLogs(StreamSession session, String jobId) {
        if (session.logPosition(jobId) != null) {
            fill(session, jobId, 0);
            return;
        }
        live.oldestLog(jobId).subscribe().with(oldest -> {
            LogPosition before = oldest.map(entry -> new LogPosition(entry.attempt(), entry.line().sequence() - 1))
                    .orElse(LogPosition.START);
            session.resume(Map.of(), Map.of(jobId, before));
            fill(session, jobId, 0);
        }, failure -> session.startLogs(jobId));
    }

    private void fill(StreamSession session, String jobId, int tries) {
        LogPosition after = session.logPosition(jobId);
        if (after == null || session.isClosed()) {
            return;
        }
        history.logs(jobId, after.attempt(), after.sequence(), null, Set.of(), FILL_PAGE).subscribe().with(lines -> {
            boolean again = session.filled(jobId, lines, tries >= FILL_TRIES);
            if (lines.size() == FILL_PAGE) {
                fill(session, jobId, tries);
            } else if (again) {
                vertx.setTimer(FILL_RETRY_MS, timer -> fill(session, jobId, tries + 1));
            }
        }, failure -> vertx.setTimer(FILL_RETRY_MS, timer -> fill(session, jobId, tries + 1)));
    }

    /** Frames for a request that could not be served; used by the endpoints for refusals at open. */
    public static Frame refusal(String message) {
        return Frames.error(null, "limit", message);
    }
}
