package io.headway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.codec.HeadwayJson;
import io.headway.stream.ClientMessage;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The gateway as the command line sees it: JSON over REST with the key in a header, and the live stream opened with a
 * single-use ticket, as every client does. Failures become {@link CliException}s with the exit code they mean.
 */
final class Gateway {

    private static final ObjectMapper JSON = HeadwayJson.mapper();

    private final URI base;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Gateway(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot write the request: " + e.getMessage());
        }
    }

    /**
     * Saves the bytes at {@code path} to {@code target}, whole or not at all (written beside it, then moved).
     *
     * @return how many bytes were saved
     */
    long download(String path, Path target) {
        Path partial = null;
        try {
            Path directory = target.toAbsolutePath().getParent();
            partial = Files.createTempFile(directory, "." + target.getFileName(), ".part");
            HttpResponse<Path> response = http.send(request(path).header("Accept", "*/*").GET().build(),
                    HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() >= 300) {
                throw fail(response.statusCode(), Files.readString(partial));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (ConnectException e) {
            throw unreachable();
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "cannot save " + target + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILED, "interrupted");
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // a leftover .part file, nothing more
                }
            }
        }
    }

    /** Opens the live stream with a single-use ticket (the key stays out of the URL) and subscribes. */
    StreamClient stream(ClientMessage.Subscribe subscription) {
        String ticket = post("api/v1/stream/tickets", Map.of()).path("ticket").asText();
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + base.getAuthority() + "/api/v1/stream?ticket="
                + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
        try {
            return StreamClient.following(http, uri, null).send(subscription);
        } catch (CompletionException e) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot open the live stream at " + uri.getAuthority()
                    + ": " + e.getCause());
        }
    }

    /** The stream's next message, if one came within {@code wait}; a stream the server closed ends the command. */
    static Optional<ServerMessage> next(StreamClient stream, Duration wait) throws InterruptedException {
        Optional<ServerMessage> message = stream.next(wait);
        if (message.isEmpty() && stream.closeCode() != null) {
            throw new CliException(ExitCode.UNREACHABLE, "the live stream closed: " + stream.closeCode() + " "
                    + stream.closeReason());
        }
        return message;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        if (key == null || key.isBlank()) {
            throw new CliException(ExitCode.UNREACHABLE,
                    "no API key: pass --key, set HEADWAY_API_KEY or put key=... in ~/.config/headway/config");
        }
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw unreachable();
        } catch (IOException e) {
            throw new CliException(ExitCode.UNREACHABLE, "the gateway at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILED, "interrupted");
        }
        if (response.statusCode() < 300) {
            return parse(response.body());
        }
        throw fail(response.statusCode(), response.body());
    }

    private CliException unreachable() {
        return new CliException(ExitCode.UNREACHABLE, "cannot reach the gateway at " + base
                + " (is it running? bash deploy/local/headway.sh up)");
    }

    /** A refused request's problem, as the exit code and message it means. */
    private static CliException fail(int status, String text) {
        JsonNode body = parse(text);
        String detail = body.path("detail").asText("HTTP " + status);
        StringBuilder message = new StringBuilder(detail);
        body.path("errors").forEach(error -> message.append(System.lineSeparator()).append("  - ")
                .append(error.asText()));
        int code = status == 401 || status == 403 ? ExitCode.UNREACHABLE
                : status >= 400 && status < 500 ? ExitCode.USAGE : ExitCode.FAILED;
        return new CliException(code, message.toString());
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("detail", text);
        }
    }
}
