package io.headway.stream;

import io.headway.events.JobSnapshot;
import io.headway.events.state.JobStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A client of the live stream over WebSocket, on the JDK's own HTTP client: it sends {@link ClientMessage}s and
 * receives {@link ServerMessage}s. Two ways to read: {@link #next} takes messages one by one, in order (a command
 * that follows jobs for hours keeps nothing it has read); a {@link #recording} client also keeps every message, for
 * {@link #messages} and {@link #await} (tests, benchmarks' checks). Kinds this client does not know are skipped.
 */
public final class StreamClient implements AutoCloseable {

    private static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(20);

    private final boolean recording;
    private final boolean slow;
    private final List<ServerMessage> received = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    private int taken;
    private Integer closeCode;
    private String closeReason;
    private Duration patience = DEFAULT_PATIENCE;

    private StreamClient(HttpClient http, URI uri, String key, boolean recording, boolean slow) {
        this.recording = recording;
        this.slow = slow;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    /** Connects with a key in the {@code Authorization} header; keeps every message. */
    public static StreamClient connect(URI uri, String key) {
        return new StreamClient(HttpClient.newHttpClient(), uri, key, true, false);
    }

    /** Connects as a browser does: a single-use ticket in the URL, no key at all; keeps every message. */
    public static StreamClient withTicket(URI uri, String ticket) {
        return new StreamClient(HttpClient.newHttpClient(),
                URI.create(uri + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8)), null, true, false);
    }

    /** A recording client that reads nothing until {@link #read} allows it: the server sees a client falling behind. */
    public static StreamClient slow(URI uri, String key) {
        return new StreamClient(HttpClient.newHttpClient(), uri, key, true, true);
    }

    /** A client read with {@link #next} only, which keeps nothing once read. */
    public static StreamClient following(HttpClient http, URI uri, String key) {
        return new StreamClient(http, uri, key, false, false);
    }

    /** How long {@link #await} waits: 20 s unless set. */
    public StreamClient patience(Duration wait) {
        this.patience = wait;
        return this;
    }

    public StreamClient send(ClientMessage message) {
        return sendText(StreamCodec.encode(message));
    }

    /** Sends text as it is, well-formed or not. */
    public StreamClient sendText(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends bytes as a binary frame; the stream takes text, so the server answers with an error. */
    public StreamClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** Lets a {@link #slow} client read {@code count} more messages. */
    public void read(long count) {
        socket.request(count);
    }

    /** The next message not yet taken, waiting up to {@code wait}; empty if none came or the stream closed. */
    public synchronized Optional<ServerMessage> next(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (taken >= received.size() && closeCode == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (taken >= received.size()) {
            return Optional.empty();
        }
        ServerMessage message = received.get(taken++);
        if (!recording) {
            received.subList(0, taken).clear();
            taken = 0;
        }
        return Optional.of(message);
    }

    /** Every message received so far ({@link #recording} clients). */
    public synchronized List<ServerMessage> messages() {
        return List.copyOf(received);
    }

    public <T extends ServerMessage> List<T> messages(Class<T> kind) {
        return messages().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Every job snapshot received so far, whether alone or in a coalesced {@code snapshots} message. */
    public List<JobSnapshot> snapshots() {
        return messages().stream().flatMap(StreamClient::snapshotsIn).toList();
    }

    /** Waits for a message of a kind that matches, and returns the first such. */
    public synchronized <T extends ServerMessage> T await(Class<T> kind, Predicate<? super T> match) {
        return awaitFirst(() -> received.stream().filter(kind::isInstance).map(kind::cast).filter(match).findFirst(),
                kind.getSimpleName());
    }

    public <T extends ServerMessage> T await(Class<T> kind) {
        return await(kind, message -> true);
    }

    /** Waits for a snapshot of the job, in the given status (any when null), alone or coalesced. */
    public synchronized JobSnapshot awaitSnapshot(String jobId, JobStatus status) {
        return awaitFirst(() -> received.stream().flatMap(StreamClient::snapshotsIn)
                .filter(s -> s.jobId().equals(jobId) && (status == null || s.state().status() == status))
                .findFirst(), "snapshot of " + jobId + (status == null ? "" : " " + status));
    }

    /** The WebSocket close code, once the server closed the stream. */
    public synchronized Integer closeCode() {
        return closeCode;
    }

    /** Why the server closed the stream, once it did. */
    public synchronized String closeReason() {
        return closeReason;
    }

    /** Waits until the server closes the stream, and returns its close code. */
    public synchronized int awaitClose() {
        return awaitFirst(() -> Optional.ofNullable(closeCode), "the stream to close");
    }

    @Override
    public void close() {
        socket.abort();
    }

    private <T> T awaitFirst(Supplier<Optional<T>> find, String what) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (true) {
                Optional<T> found = find.get();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no " + what + " within " + patience + "; received "
                            + received.stream().map(StreamCodec::typeOf).toList()
                            + (closeCode == null ? "" : ", closed with " + closeCode + " " + closeReason));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static Stream<JobSnapshot> snapshotsIn(ServerMessage message) {
        return switch (message) {
            case ServerMessage.Snapshot one -> Stream.of(one.toJobSnapshot());
            case ServerMessage.Snapshots many -> many.snapshots().stream();
            default -> Stream.empty();
        };
    }

    private synchronized void receive(String text) {
        StreamCodec.decodeServer(text).ifPresent(received::add);
        notifyAll();
    }

    private synchronized void closed(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        notifyAll();
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
                String text = partial.toString();
                partial.setLength(0);
                receive(text);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(1006, String.valueOf(error));
        }
    }
}
