package io.headway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A WebSocket client of the gateway's live stream, as a test sees it: the messages received so far, parsed. A slow
 * client takes messages only when {@link #read} is called, so the gateway sees a client that does not keep up.
 */
public final class StreamClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private final boolean slow;
    private final StringBuilder partial = new StringBuilder();
    private volatile Integer closeCode;
    private Duration patience = Duration.ofSeconds(20);

    private StreamClient(URI uri, String key, boolean slow) {
        this.slow = slow;
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    public static StreamClient connect(URI uri, String key) {
        return new StreamClient(uri, key, false);
    }

    /** Opens the stream as a browser does: a single-use ticket in the URL, no key at all. */
    public static StreamClient withTicket(URI uri, String ticket) {
        return new StreamClient(URI.create(uri + "?ticket=" + ticket), null, false);
    }

    /** A client that reads nothing until asked to. */
    public static StreamClient slow(URI uri, String key) {
        return new StreamClient(uri, key, true);
    }

    /** How long {@link #await} waits (20 s unless set): end-to-end tests wait longer for real services. */
    public StreamClient patience(Duration wait) {
        this.patience = wait;
        return this;
    }

    public StreamClient send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    /** Lets a slow client read {@code count} more messages. */
    public void read(long count) {
        socket.request(count);
    }

    public List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    public List<JsonNode> messages(String type) {
        return messages.stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    /** Waits for a message that matches and returns it. */
    public JsonNode await(Predicate<JsonNode> match) {
        return Awaitility.await().atMost(patience)
                .until(() -> messages.stream().filter(match).findFirst().orElse(null), found -> found != null);
    }

    public static Predicate<JsonNode> type(String type) {
        return m -> type.equals(m.path("type").asText());
    }

    public static Predicate<JsonNode> snapshotOf(String jobId, String status) {
        return m -> "snapshot".equals(m.path("type").asText()) && jobId.equals(m.path("jobId").asText())
                && (status == null || status.equals(m.path("state").path("status").asText()));
    }

    public Integer closeCode() {
        return closeCode;
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(slow ? 1 : Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }
    }
}
