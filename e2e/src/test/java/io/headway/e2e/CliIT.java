package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.cli.Headway;
import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.events.codec.HeadwayJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code headway} command line against the real services: submitting and following a job to its end, reading
 * back as a table, JSON and CSV, cancelling, the exit statuses scripts rely on, and {@code watch} drawing live bars
 * in a real terminal (tmux), read back with {@code capture-pane}, with alerts printed above them.
 */
@ExtendWith(SharedPlatform.class)
class CliIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("services.dir", "../services"))
            .resolve("../bin/headway").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = HeadwayJson.mapper();
    private static Platform platform;
    private static Platform.Tenant tenant;

    @BeforeAll
    static void start(Platform shared) throws Exception {
        platform = shared;
        tenant = shared.tenant("cli");
    }

    @Test
    void aFollowedJobRunsToItsEndAndReadsBackInEveryFormat() throws Exception {
        Result submitted = headway("submit", "demo", "size=6", "delayMs=20", "--label", "suite=cli", "--follow");
        assertThat(submitted.status).as(submitted.err).isZero();
        String jobId = submitted.out.lines().findFirst().orElseThrow();
        assertThat(submitted.out).contains("100%").contains("SUCCEEDED");

        JsonNode job = JSON.readTree(headway("get", jobId, "-o", "json").out);
        assertThat(job.path("state").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(headway("get", jobId).out).contains("SUCCEEDED").contains("100%");
        await().atMost(Duration.ofSeconds(30)).until(() -> headway("list", "--label", "suite=cli", "-o", "csv").out
                .contains(jobId + ",SUCCEEDED,demo,100%"));
        // The log reaches the history on a feed of its own, which may trail the job's end a little.
        await().atMost(Duration.ofSeconds(30)).until(() -> headway("logs", jobId).out.contains("scanned item 6"));
        assertThat(headway("logs", jobId, "--level", "WARN").out).doesNotContain("scanned item");
        assertThat(headway("types", "-o", "csv").out).startsWith("type,parameters,description").contains("demo,");

        assertThat(headway("artifacts", jobId).out).contains("preview-25.png", "image/png", "report.txt", "text/plain");
        Path saved = Files.createTempDirectory("headway-cli-").resolve("report.txt");
        Result download = headway("download", jobId, "report.txt", "--to", saved.toString());
        assertThat(download.status).as(download.err).isZero();
        assertThat(Files.readString(saved)).startsWith("Headway demo report").contains("items scanned: 6");
        Result missing = headway("download", jobId, "nothing.txt", "--to", saved.toString());
        assertThat(missing.status).isEqualTo(2);
        assertThat(missing.err).contains("has no artifact 'nothing.txt'");
    }

    @Test
    void aCancelledJobEndsTheWatchWithStatusThree() {
        String jobId = headway("submit", "demo", "size=2000", "delayMs=100").out.strip();
        await().atMost(Duration.ofSeconds(30)).until(() -> headway("get", jobId).out.contains("RUNNING"));
        assertThat(headway("cancel", jobId, "--reason", "not needed").status).isZero();
        Result watched = headway("watch", jobId);
        assertThat(watched.status).isEqualTo(3);
        assertThat(watched.out).contains("CANCELLED");
    }

    @Test
    void scriptsCanTellWhatWentWrongFromTheExitStatus() {
        assertThat(headway("submit", "demo", "size=many").status).as("a parameter the template refuses").isEqualTo(2);
        assertThat(headway("submit", "demo", "size=many").err).contains("parameter 'size'");
        assertThat(headway("watch").status).as("no job, batch or --all").isEqualTo(2);
        assertThat(run("--url", base(), "--key", "hw_wrong", "types").status).as("a wrong key").isEqualTo(5);
        assertThat(run("--url", "http://127.0.0.1:1", "--key", tenant.key(), "types").status).as("no gateway")
                .isEqualTo(5);
    }

    @Test
    void watchDrawsLiveBarsInARealTerminal() throws Exception {
        String jobId = headway("submit", "demo", "size=200", "delayMs=100").out.strip();
        String session = "cli-" + tenant.name().substring(tenant.name().length() - 8);
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "12",
                LAUNCHER + " --url " + base() + " --key " + tenant.key() + " watch --all");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                String screen = tmux("capture-pane", "-p", "-t", session);
                return screen.contains(jobId.substring(0, 8)) && screen.contains("█") && screen.contains("RUNNING");
            });
            String screen = tmux("capture-pane", "-p", "-t", session);
            long lines = screen.lines().filter(l -> l.contains(jobId.substring(0, 8))).count();
            assertThat(lines).as("redrawn in place, one line per job:%n%s", screen).isEqualTo(1);
            assertThat(screen.lines().count()).isLessThanOrEqualTo(12);
        } finally {
            tmux("kill-session", "-t", session);
            headway("cancel", jobId);
        }
    }

    @Test
    void watchPrintsAlertsAboveTheBarsWithoutBreakingThem() throws Exception {
        String jobId = headway("submit", "demo", "size=200", "delayMs=100").out.strip();
        String session = "cli-alert-" + tenant.name().substring(tenant.name().length() - 8);
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "12",
                LAUNCHER + " --url " + base() + " --key " + tenant.key() + " watch " + jobId);
        Instant raisedAt = Instant.now().minusSeconds(130).truncatedTo(ChronoUnit.MILLIS);
        Alert raised = new Alert(UUID.randomUUID(), jobId, tenant.name(), Alert.STALLED, AlertSeverity.WARNING,
                AlertState.RAISED, "no progress for 2m 10s", null, raisedAt, raisedAt);
        String bar = jobId.substring(0, 8) + " demo";
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> screen(session).contains("RUNNING"));
            Platform.publishUntilShown(raised, () -> screen(session).contains("! STALLED (WARNING) " + jobId));
            Platform.publishUntilShown(raised.next(AlertState.RESOLVED, null, raisedAt.plusSeconds(185)),
                    () -> screen(session).contains("✓ resolved STALLED " + jobId + " after 3m05s"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<String> lines = screen(session).lines().filter(line -> !line.isBlank()).toList();
                assertThat(lines).as("each alert once, then the bar, redrawn in place below them")
                        .satisfiesExactly(
                                line -> assertThat(line).startsWith("! STALLED (WARNING) " + jobId),
                                line -> assertThat(line).startsWith("✓ resolved STALLED " + jobId),
                                line -> assertThat(line).startsWith(bar).contains("RUNNING"));
            });
        } finally {
            tmux("kill-session", "-t", session);
            headway("cancel", jobId);
        }
    }

    private static String screen(String session) throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", session);
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }

    private static Result headway(String... args) {
        return run(Stream.concat(Stream.of("--url", base(), "--key", tenant.key()), Stream.of(args))
                .toArray(String[]::new));
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Headway.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    private record Result(int status, String out, String err) {
    }

    private static String base() {
        return platform.base();
    }
}
