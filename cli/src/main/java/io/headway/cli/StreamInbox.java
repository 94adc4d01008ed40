package io.headway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headway.events.codec.HeadwayJson;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The live stream as a queue of whole JSON messages, read on the command's own thread. */
final class StreamInbox implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = HeadwayJson.mapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static StreamInbox open(Gateway gateway, Map<String, Object> subscription) {
        StreamInbox inbox = new StreamInbox();
        inbox.socket = gateway.stream(inbox);
        ObjectNode subscribe = JSON.valueToTree(subscription);
        subscribe.put("type", "subscribe");
        inbox.socket.sendText(subscribe.toString(), true).join();
        return inbox;
    }

    /** The next message, or null when none came within {@code wait}. */
    JsonNode next(Duration wait) throws InterruptedException {
        JsonNode message = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (message != null && "closed".equals(message.path("type").asText())) {
            throw new CliException(ExitCode.UNREACHABLE, "the live stream closed: " + message.path("reason").asText());
        }
        return message;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                // not JSON: nothing the protocol sends
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
        messages.add(JSON.createObjectNode().put("type", "closed").put("reason", code + " " + reason));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        messages.add(JSON.createObjectNode().put("type", "closed").put("reason", String.valueOf(error)));
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }
}
