package io.headway.aggregator.process;

import static org.awaitility.Awaitility.await;

import java.io.File;
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
 * The packaged aggregator ({@code target/quarkus-app/quarkus-run.jar}) as an operating-system process, as it runs in
 * production, so a test can kill it like a crash would.
 */
final class AggregatorProcess {

    private final String groupId;
    private final Path log;
    private Process process;
    private int port;

    AggregatorProcess(String groupId, Path log) {
        this.groupId = groupId;
        this.log = log;
    }

    void start() {
        port = freePort();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m",
                "-Dquarkus.http.port=" + port));
        for (String channel : List.of("progress", "logs", "executors")) {
            command.add("-Dmp.messaging.incoming." + channel + ".group.id=" + groupId);
            // A killed member holds its partitions until its session times out: keep that short.
            command.add("-Dmp.messaging.incoming." + channel + ".session.timeout.ms=6000");
            command.add("-Dmp.messaging.incoming." + channel + ".heartbeat.interval.ms=1000");
        }
        command.add("-jar");
        command.add(System.getProperty("aggregator.jar", "target/quarkus-app/quarkus-run.jar"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(60)).until(this::ready);
    }

    /** Like a crash: SIGKILL, no shutdown hooks, nothing flushed or committed. */
    void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    /** A graceful stop: the consumers leave their group. */
    void stop() {
        process.destroy();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the aggregator exited with " + process.exitValue() + "; see " + log);
        }
        try {
            var response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path logFile(String name) {
        File folder = new File("target/failsafe-reports");
        folder.mkdirs();
        return folder.toPath().resolve(name + ".log");
    }
}
