package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.codec.HeadwayJson;
import io.headway.stream.StreamClient;
import io.headway.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One API key's calls to one gateway, as a user's own client makes them: REST with the key as a bearer token, the
 * status checked and the answer read as JSON, and the live stream over WebSocket.
 */
final class Api {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = HeadwayJson.mapper();

    private final int port;
    private final String key;

    Api(ServiceProcess gateway, String key) {
        this.port = gateway.port();
        this.key = key;
    }

    /** A request to {@code path} carrying the key, for what {@link #call} does not cover. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key);
    }

    /**
     * Calls {@code method path} with a JSON {@code body} (or none), checks the answer's status and returns its JSON
     * (a null node when it has no body).
     */
    JsonNode call(String method, String path, String body, int expected) throws IOException, InterruptedException {
        String answer = text(method, path, body, expected);
        return answer.isEmpty() ? JSON.nullNode() : JSON.readTree(answer);
    }

    /** {@code GET path}, which must answer 200, as JSON. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return call("GET", path, null, 200);
    }

    /** Like {@link #call}, the answer as text. */
    String text(String method, String path, String body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return response.body();
    }

    /** The status {@code method path} answers with, without a body. */
    int status(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A live stream connection as this key. */
    StreamClient stream() {
        return StreamClient.connect(URI.create("ws://127.0.0.1:" + port + "/api/v1/stream"), key);
    }
}
