package io.headway.gateway.stream;

import io.headway.gateway.auth.Caller;
import io.headway.gateway.auth.Role;
import io.headway.stream.ServerMessage;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The live stream over WebSocket. The upgrade itself needs a key with the read role (a header, or
 * a single-use {@code ?ticket=} from a browser); then the client speaks the stream protocol ({@code stream-protocol}'s
 * messages), handled by {@link StreamService}.
 */
@WebSocket(path = "/api/v1/stream")
@RolesAllowed(Role.Names.READ)
public class StreamSocket {

    private static final Logger LOG = Logger.getLogger(StreamSocket.class);

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

    /** The stream speaks JSON text; a binary frame is answered, never silently dropped. */
    @OnBinaryMessage
    public void binary(Buffer bytes, WebSocketConnection connection) {
        StreamSession session = sessions.get(connection.id());
        if (session != null) {
            session.offerMessage(Frame.error(null, ServerMessage.ErrorCode.BAD_MESSAGE, "a binary message ("
                    + bytes.length() + " bytes) was sent; the stream takes JSON text messages"));
        }
    }

    /**
     * A connection failure: a client that went away is no failure at all; a message over the size limit is refused
     * by Vert.x before it is a message, and is answered with 1009 (too big), like any server; anything else is a
     * warning and 1011, never a stack trace that any client could make the gateway write.
     */
    @OnError
    public void failed(Throwable failure, WebSocketConnection connection) {
        if (connection.isClosed() || failure instanceof HttpClosedException || failure instanceof IOException) {
            LOG.debugf("A stream connection went away: %s", failure.toString()); // a client leaving is no failure
            return;
        }
        // Vert.x: "Cannot process text frame of size ..., it would cause message buffer ... to overflow max message
        // size"; Netty, for one frame over its limit: CorruptedWebSocketFrameException "Max frame length ... exceeded".
        String message = String.valueOf(failure.getMessage());
        boolean tooBig = message.contains("max message size") || message.contains("exceeds max size")
                || message.contains("Max frame length");
        if (!tooBig) {
            LOG.warnf("A stream connection failed: %s", failure.toString());
        }
        connection.close(tooBig ? new CloseReason(1009, "the message is too big")
                : new CloseReason(1011, "the server failed")).subscribe().with(ok -> { }, closing -> { });
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
