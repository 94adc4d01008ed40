package io.headway.gateway.stream;

import io.headway.gateway.api.QueryParameters;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.gateway.domain.RequestError;
import io.headway.stream.ClientMessage;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The live stream as Server-Sent Events, for clients where a WebSocket is awkward. The subscription is the query
 * (one of {@code jobId} (repeatable), {@code batchId}, {@code label} (repeatable, key:value), {@code all=true};
 * {@code logs=true} for log lines, {@code coalesceMs} as on the WebSocket); each event is named after its message type and carries the same JSON as on the
 * WebSocket. Every event id records what the client has, so a reconnect with {@code Last-Event-ID} resumes without
 * duplicates or gaps.
 */
@Path("/api/v1/stream/sse")
@Tag(name = "stream")
public class StreamEvents {

    private static final long KEEPALIVE_MS = 15_000;

    private final StreamService stream;
    private final SecurityIdentity identity;
    private final Vertx vertx;

    public StreamEvents(StreamService stream, SecurityIdentity identity, Vertx vertx) {
        this.stream = stream;
        this.identity = identity;
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Role.Names.READ)
    @Operation(summary = "Subscribe to live job updates as Server-Sent Events")
    public void stream(@QueryParam("jobId") List<String> jobIds, @QueryParam("batchId") String batchId,
            @QueryParam("label") List<String> labels, @QueryParam("all") boolean all,
            @QueryParam("logs") boolean logs, @QueryParam("coalesceMs") Integer coalesceMs,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse) {
        ResumeToken.Resume resume;
        try {
            resume = ResumeToken.parse(lastEventId);
        } catch (IllegalArgumentException e) {
            throw RequestError.badInput(e.getMessage());
        }
        Map<String, String> labelMap = labels.isEmpty() ? null : QueryParameters.labels(labels);
        ClientMessage.Subscribe subscribe = new ClientMessage.Subscribe(null, jobIds.isEmpty() ? null : jobIds,
                batchId, labelMap, all ? Boolean.TRUE : null, logs, resume.since(), resume.logsAfter(), coalesceMs);
        SseChannel channel = new SseChannel(sink, sse);
        StreamSession session;
        try {
            session = stream.open(Caller.of(identity), channel);
        } catch (StreamService.Refused refused) {
            throw RequestError.tooMany(refused.getMessage(), null);
        }
        channel.attach(session);
        try {
            stream.subscribe(session, subscribe);
        } catch (IllegalArgumentException e) {
            channel.detach();
            throw RequestError.badInput(e.getMessage());
        }
    }

    /** Writes frames as SSE events, each with the resume id of everything sent up to it. */
    private final class SseChannel implements ClientChannel {
        private final SseEventSink sink;
        private final Sse sse;
        private final ResumeToken token = new ResumeToken();
        private final AtomicReference<StreamSession> session = new AtomicReference<>();
        private long keepalive = -1;

        SseChannel(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
        }

        void attach(StreamSession attached) {
            session.set(attached);
            keepalive = vertx.setPeriodic(KEEPALIVE_MS, timer -> {
                if (sink.isClosed()) {
                    attached.close(1001, "gone");
                } else {
                    sink.send(sse.newEventBuilder().comment("keepalive").build())
                            .whenComplete((ok, failure) -> {
                                if (failure != null) {
                                    attached.close(1001, "gone");
                                }
                            });
                }
            });
        }

        void detach() {
            vertx.cancelTimer(keepalive);
            StreamSession attached = session.getAndSet(null);
            if (attached != null) {
                stream.closed(attached);
            }
        }

        @Override
        public Uni<Void> send(Frame frame) {
            return Uni.createFrom().completionStage(() -> sink.send(sse.newEventBuilder().id(token.sent(frame))
                    .name(frame.type()).data(frame.text()).build()))
                    .replaceWithVoid();
        }

        @Override
        public void close(int code, String reason) {
            detach();
            if (!sink.isClosed()) {
                sink.close();
            }
        }
    }
}
