package io.headway.gateway.stream;

import io.smallrye.mutiny.Uni;

/** Where a stream session writes: a WebSocket connection or an SSE response. */
public interface ClientChannel {

    /** Writes a frame; completes once it has left for the client. */
    Uni<Void> send(Frame frame);

    /** Ends the stream, telling the client why. */
    void close(int code, String reason);
}
