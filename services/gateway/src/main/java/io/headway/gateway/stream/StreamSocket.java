package io.headway.gateway.stream;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live stream over WebSocket. The upgrade itself needs a key with the read role (a header, or
 * a single-use {@code ?ticket=} from a browser); then the client speaks the stream protocol ({@code stream-protocol}'s
 * messages), handled by {@link StreamService}.
 */
@WebSocket(path = "/api/v1/stream")
@RolesAllowed(Role.Names.READ)
public class StreamSocket {

    private final StreamService stream;
    private final SecurityIdentity identity;
    private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();

    public StreamSocket(StreamService stream, SecurityIdentity identity) {
        this.stream = stream;
        this.identity = identity;
    }

    @OnOpen
    public void open(WebSocketConnection connection) {
        try {
            sessions.put(connection.id(), stream.open(Caller.of(identity), new Channel(connection)));
        } catch (StreamService.Refused refused) {
            connection.sendTextAndAwait(StreamService.refusal(refused.getMessage()).text());
            connection.closeAndAwait(new CloseReason(1008, "connection limit"));
        }
    }

    @OnTextMessage
    public void message(String text, WebSocketConnection connection) {
        StreamSession session = sessions.get(connection.id());
        if (session != null) {
            stream.handle(session, text);
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        StreamSession session = sessions.remove(connection.id());
        if (session != null) {
            stream.closed(session);
        }
    }

    /** Writes frames to one WebSocket connection. */
    private record Channel(WebSocketConnection connection) implements ClientChannel {
        @Override
        public Uni<Void> send(Frame frame) {
            return connection.sendText(frame.text());
        }

        @Override
        public void close(int code, String reason) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ok -> { }, failure -> { });
        }
    }
}
