package io.headway.gateway.stream;

import io.headway.events.JobSnapshot;
import io.headway.gateway.auth.ApiKeyStore;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.KeyRevoked;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.SubmissionRules;
import io.headway.gateway.service.JobAccess;
import io.headway.history.JobHistory;
import io.headway.history.LogHistory;
import io.headway.gateway.store.LiveStore;
import io.headway.stream.ClientMessage;
import io.headway.stream.LogPosition;
import io.headway.stream.ServerMessage;
import io.headway.stream.ServerMessage.ErrorCode;
import io.headway.stream.StreamCodec;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final int MAX_COALESCE_MS = 10_000;

    private final Hub hub;
    private final JobAccess jobs;
    private final LiveStore live;
    private final JobHistory history;
    private final LogHistory logs;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final ApiKeyStore keys;
    private final FrameCounts frameCounts;
    /** The open sessions of each key: counted against its connection limit, and ended when it is revoked. */
    private final Map<String, Set<StreamSession>> sessionsByKey = new ConcurrentHashMap<>();

    public StreamService(Hub hub, JobAccess jobs, LiveStore live, JobHistory history, LogHistory logs,
            GatewayConfig config, Vertx vertx, ApiKeyStore keys, FrameCounts frameCounts) {
        this.hub = hub;
        this.frameCounts = frameCounts;
        this.jobs = jobs;
        this.live = live;
        this.history = history;
        this.logs = logs;
        this.config = config;
        this.vertx = vertx;
        this.keys = keys;
    }

    /** A client the stream cannot take; the reason is the message to give it. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Opens a session for a client, within its key's connection limit. */
    public StreamSession open(Caller caller, ClientChannel channel) {
        int limit = config.limits().connectionsPerKey();
        StreamSession session = new StreamSession(UUID.randomUUID().toString(), caller, channel,
                config.stream().sendWindow(), config.stream().queuedFrames(), (s, jobId) -> fill(s, jobId, 0),
                (millis, task) -> vertx.setTimer(millis, timer -> task.run()), frameCounts);
        sessionsByKey.compute(caller.keyId(), (key, held) -> {
            Set<StreamSession> sessions = held == null ? ConcurrentHashMap.newKeySet() : held;
            if (sessions.size() >= limit) {
                throw new Refused("this key already holds " + limit
                        + " stream connections, the most allowed; close one first");
            }
            sessions.add(session);
            return sessions;
        });
        return session;
    }

    public void closed(StreamSession session) {
        hub.remove(session);
        sessionsByKey.computeIfPresent(session.caller().keyId(), (key, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /**
     * Checks the keys behind open streams every {@code auth.cache-ttl}, so a key revoked on another instance (or in
     * the database) ends its streams here within that time, as it stops working for requests.
     */
    void watchKeys(@Observes StartupEvent start) {
        vertx.setPeriodic(config.auth().cacheTtl().toMillis(), timer -> {
            if (!sessionsByKey.isEmpty()) {
                keys.revokedAmong(Set.copyOf(sessionsByKey.keySet())).subscribe().with(
                        revoked -> revoked.forEach(this::endStreamsOf),
                        failure -> LOG.warnf("Could not check the keys of open streams: %s", failure.toString()));
            }
        });
    }

    /** A key revoked on this instance ends its streams at once. */
    void revoked(@Observes KeyRevoked revoked) {
        endStreamsOf(revoked.keyId());
    }

    private void endStreamsOf(String keyId) {
        Set<StreamSession> sessions = sessionsByKey.getOrDefault(keyId, Set.of());
        for (StreamSession session : List.copyOf(sessions)) {
            session.offerMessage(Frame.error(null, ErrorCode.UNAUTHORIZED,
                    "the key of this stream was revoked; open it again with a valid key"));
            session.close(1008, "key revoked");
        }
    }

    /** Handles a message a client sent; any problem is answered with an error message, never by dropping it. */
    public void handle(StreamSession session, String text) {
        if (text.length() > config.limits().maxRequestBytes()) {
            session.offerMessage(Frame.error(null, ErrorCode.LIMIT, "a message may be at most "
                    + config.limits().maxRequestBytes() + " bytes; this one was " + text.length()));
            return;
        }
        ClientMessage message;
        try {
            message = StreamCodec.decodeClient(text);
        } catch (StreamCodec.BadMessage bad) {
            session.offerMessage(Frame.error(bad.id(), ErrorCode.BAD_MESSAGE, bad.getMessage()));
            return;
        }
        try {
            switch (message) {
                case ClientMessage.Subscribe subscribe -> subscribe(session, subscribe);
                case ClientMessage.Unsubscribe unsubscribe -> unsubscribe(session, unsubscribe);
                case ClientMessage.GetProgress get -> getProgress(session, get);
                case ClientMessage.GetBatchProgress get -> getBatchProgress(session, get);
            }
        } catch (IllegalArgumentException e) {
            session.offerMessage(Frame.error(message.id(), ErrorCode.BAD_MESSAGE, e.getMessage()));
        } catch (RuntimeException e) {
            // A bug, not the client's doing: say so, keep the connection, and leave the cause in the log.
            LOG.warnf(e, "A %s message could not be handled", message.getClass().getSimpleName());
            session.offerMessage(Frame.error(message.id(), ErrorCode.UNAVAILABLE,
                    "the message could not be handled; it is logged"));
        }
    }

    /**
     * Subscribes a session (for SSE, from its query), resuming from what the client has, and answers with the
     * current snapshots.
     *
     * @throws IllegalArgumentException when the subscription is not valid
     */
    public void subscribe(StreamSession session, ClientMessage.Subscribe message) {
        Selector selector = selector(ClientMessage.Subscribe.TYPE, message.jobIds(), message.batchId(), message.labels(),
                message.wantsAll());
        int coalesceMs = message.coalesceMs() == null ? 0 : message.coalesceMs();
        if (coalesceMs < 0 || coalesceMs > MAX_COALESCE_MS) {
            throw new IllegalArgumentException("coalesceMs must be from 0 (every change) to " + MAX_COALESCE_MS);
        }
        int weight = session.subscriptionWeight() + selector.weight();
        if (weight > config.limits().subscriptionsPerConnection()) {
            session.offerMessage(Frame.error(message.id(), ErrorCode.LIMIT, "a connection may hold "
                    + config.limits().subscriptionsPerConnection() + " subscriptions (each job id counts as one); "
                    + "this one would make " + weight));
            return;
        }
        requireValues(message.since(), "since");
        requireValues(message.logsAfter(), "logsAfter");
        Map<String, Long> since = message.since() == null ? Map.of() : message.since();
        session.resume(since, message.logsAfter() == null ? Map.of() : message.logsAfter());
        StreamSession.Subscription subscription = session.subscribe(selector, message.wantsLogs(), coalesceMs);
        hub.reindex(session);
        initialSnapshots(session.tenant(), selector, since.keySet()).subscribe().with(found -> {
            List<String> pending = new ArrayList<>();
            if (selector instanceof Selector.Jobs jobs) {
                jobs.jobIds().stream().filter(job -> !found.containsKey(job)).sorted().forEach(pending::add);
            }
            found.forEach((jobId, job) -> {
                JobSnapshot snapshot = job.snapshot();
                hub.learn(snapshot.state());
                session.offerSnapshot(SnapshotHead.of(snapshot.state(), snapshot.sequence()),
                        Frame.snapshot(jobId, snapshot.sequence(), job.json()));
                if (subscription.logs()) {
                    startLogs(session, jobId);
                }
            });
            if (subscription.logs()) {
                pending.forEach(jobId -> session.startLogs(jobId));
            }
            session.offerMessage(Frame.of(new ServerMessage.Subscribed(message.id(), subscription.id(),
                    found.size(), pending)));
        }, failure -> {
            LOG.warnf("Could not load the snapshots of a subscription: %s", failure.toString());
            session.offerMessage(Frame.error(message.id(), ErrorCode.UNAVAILABLE,
                    "the current state could not be read; changes will still arrive"));
        });
    }

    private void unsubscribe(StreamSession session, ClientMessage.Unsubscribe message) {
        Selector selector = message.subscription() != null ? null : selector(ClientMessage.Unsubscribe.TYPE,
                message.jobIds(), message.batchId(), message.labels(), message.wantsAll());
        List<StreamSession.Subscription> removed = session.unsubscribe(message.subscription(), selector);
        if (removed.isEmpty()) {
            session.offerMessage(Frame.error(message.id(), ErrorCode.NOT_FOUND, "no subscription matches"));
            return;
        }
        hub.reindex(session);
        session.offerMessage(Frame.of(new ServerMessage.Unsubscribed(message.id(),
                removed.stream().map(StreamSession.Subscription::id).toList())));
    }

    private void getProgress(StreamSession session, ClientMessage.GetProgress message) {
        String jobId = requireId(message.jobId(), "jobId");
        jobs.visible(session.tenant(), List.of(jobId)).subscribe().with(found -> {
            JobAccess.VisibleJob job = found.get(jobId);
            session.offerMessage(job == null
                    ? Frame.error(message.id(), ErrorCode.NOT_FOUND, "no job '" + jobId + "'")
                    : Frame.progress(message.id(), job.json()));
        }, failure -> session.offerMessage(Frame.error(message.id(), ErrorCode.UNAVAILABLE, "try again")));
    }

    private void getBatchProgress(StreamSession session, ClientMessage.GetBatchProgress message) {
        String batchId = requireId(message.batchId(), "batchId");
        live.batch(session.tenant(), batchId).subscribe().with(found -> session.offerMessage(found
                .map(batch -> Frame.of(new ServerMessage.BatchProgressReply(message.id(), batch)))
                .orElseGet(() -> Frame.error(message.id(), ErrorCode.NOT_FOUND, "no batch '" + batchId + "'"))),
                failure -> session.offerMessage(Frame.error(message.id(), ErrorCode.UNAVAILABLE, "try again")));
    }

    private static Selector selector(String type, List<String> jobIds, String batchId, Map<String, String> labels,
            boolean all) {
        int given = (jobIds != null ? 1 : 0) + (batchId != null ? 1 : 0) + (labels != null ? 1 : 0) + (all ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException(type + " needs exactly one of jobIds, batchId, labels or all:true; "
                    + (given == 0 ? "this one has none" : "this one has " + given));
        }
        if (jobIds != null) {
            if (jobIds.isEmpty()) {
                throw new IllegalArgumentException("jobIds must not be empty");
            }
            jobIds.forEach(job -> requireId(job, "jobIds"));
            return new Selector.Jobs(Set.copyOf(jobIds));
        }
        if (batchId != null) {
            return new Selector.Batch(requireId(batchId, "batchId"));
        }
        if (labels != null) {
            requireValues(labels, "labels");
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("labels must name at least one label");
            }
            return new Selector.Labels(labels);
        }
        return new Selector.All();
    }

    /** Keys that are ids or names and values that are present, with no control character in either. */
    private static void requireValues(Map<String, ?> values, String field) {
        if (values != null) {
            values.forEach((key, value) -> {
                requireId(key, field);
                if (value == null) {
                    throw new IllegalArgumentException(field + " '" + key + "' needs a value, not null");
                }
                if (value instanceof String text && SubmissionRules.controlCharacterIn(text) >= 0) {
                    throw new IllegalArgumentException(field + " '" + key + "' has a control character in it");
                }
            });
        }
    }

    /** An id as ids are: not blank, not too long, and no control character (a NUL would reach PostgreSQL). */
    private static String requireId(String id, String field) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH
                || SubmissionRules.controlCharacterIn(id) >= 0) {
            throw new IllegalArgumentException(field + " must be a non-blank id of at most " + MAX_ID_LENGTH
                    + " characters, without control characters");
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
        logs.after(jobId, after.attempt(), after.sequence(), null, Set.of(), FILL_PAGE).subscribe().with(lines -> {
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
        return Frame.error(null, ErrorCode.LIMIT, message);
    }
}
