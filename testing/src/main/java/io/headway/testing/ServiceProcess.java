package io.headway.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A packaged Headway service ({@code target/quarkus-app/quarkus-run.jar}) run as an operating-system process on a free
 * port, as in production, so that a test or benchmark can drive it over HTTP and Kafka and kill it like a crash
 * would. Each start appends to the same log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Path jar;
    private final List<String> properties;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int port;

    /**
     * @param properties system properties, {@code name=value}, e.g. a consumer group of the test's own
     */
    public ServiceProcess(Path jar, List<String> properties, Path log) {
        this.jar = jar;
        this.properties = List.copyOf(properties);
        this.log = log;
    }

    /** Starts the service and waits until {@code /q/health/ready} says it is ready. */
    public ServiceProcess start() {
        return start(freePort());
    }

    /** Starts a stopped service again on the port it had, as a redeploy behind a fixed address would. */
    public ServiceProcess startAgain() {
        return start(port);
    }

    private ServiceProcess start(int onPort) {
        port = onPort;
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx768m", "-Dquarkus.http.port=" + port));
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(this::ready);
        return this;
    }

    /** Like a crash: SIGKILL, no shutdown hooks, nothing flushed or committed. */
    public void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    /** A graceful stop (SIGTERM): consumers leave their groups. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The service's Prometheus metrics, as text. */
    public String metrics() throws IOException, InterruptedException {
        return http.send(request("/q/metrics"), HttpResponse.BodyHandlers.ofString()).body();
    }

    public long pid() {
        return process.pid();
    }

    /** The HTTP port it listens on. */
    public int port() {
        return port;
    }

    /** A log file under {@code target/}, for a service a test runs. */
    /**
     * Settings that put every consumer of an aggregator in the consumer group {@code group}, so that it takes no
     * partitions from the aggregator a developer runs on the same stack.
     */
    public static List<String> aggregatorGroup(String group) {
        return List.of("mp.messaging.incoming.progress.group.id=" + group,
                "mp.messaging.incoming.logs.group.id=" + group);
    }

    public static Path logFile(String name) {
        Path folder = Path.of("target", "service-logs");
        folder.toFile().mkdirs();
        return folder.resolve(name + ".log");
    }

    private boolean ready() throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
        }
        try {
            return http.send(request("/q/health/ready"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
