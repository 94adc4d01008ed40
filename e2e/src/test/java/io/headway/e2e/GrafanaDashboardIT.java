package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.codec.HeadwayJson;
import io.headway.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Grafana dashboard (deploy/observability) shows metrics the services really expose: after a job has run through
 * the packaged services, every metric its queries name is in one of their {@code /q/metrics} (the eta-predictor's,
 * which this suite does not run, are checked against the meters its code registers).
 */
@ExtendWith(SharedPlatform.class)
class GrafanaDashboardIT {

    private static final Path ROOT = Path.of(System.getProperty("services.dir", "../services")).resolve("..");
    private static final ObjectMapper JSON = HeadwayJson.mapper();
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)+");

    private static Platform platform;
    private static Api api;

    @BeforeAll
    static void start(Platform shared) throws Exception {
        platform = shared;
        api = shared.api(shared.tenant("grafana").key());
    }

    @Test
    void everyMetricTheDashboardShowsIsExposed() throws Exception {
        String jobId = api.call("POST", "/api/v1/jobs",
                "{\"type\": \"demo\", \"parameters\": {\"size\": \"3\", \"delayMs\": \"10\"}}", 202)
                .path("jobId").asText();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> api.get("/api/v1/jobs/" + jobId)
                .path("state").path("status").asText().equals("SUCCEEDED"));

        // Some meters appear only once their client has worked a while (a consumer's lag after its first fetches).
        Set<String> missing = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(GrafanaDashboardIT::missing, Set::isEmpty);
        assertThat(missing).as("metrics the dashboard queries that no service exposes").isEmpty();
    }

    private static Set<String> missing() throws Exception {
        Set<String> exposed = new TreeSet<>();
        for (ServiceProcess service : List.of(platform.gateway, platform.executor, platform.aggregator)) {
            service.metrics().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .forEach(line -> exposed.add(line.split("[{ ]", 2)[0]));
        }
        String predictorCode = predictorSources();
        Set<String> missing = new TreeSet<>();
        for (String metric : dashboardMetrics()) {
            boolean found = metric.startsWith("headway_eta_")
                    ? predictorCode.contains('"' + metric.replaceFirst("_total$", "").replace('_', '.') + '"')
                    : exposed.contains(metric);
            if (!found) {
                missing.add(metric);
            }
        }
        return missing;
    }

    /** The metric names in the dashboard's queries: label matchers and grouping labels left out. */
    private static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = JSON.readTree(ROOT.resolve("deploy/observability/grafana/dashboards/headway.json")
                .toFile());
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replaceAll("\\{[^}]*}", "")
                        .replaceAll("by \\([^)]*\\)", "");
                Matcher name = NAME.matcher(expr);
                while (name.find()) {
                    metrics.add(name.group());
                }
            }
        }
        assertThat(metrics).isNotEmpty();
        return metrics;
    }

    private static String predictorSources() throws IOException {
        StringBuilder code = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT.resolve("services/eta-predictor/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                code.append(Files.readString(file));
            }
        }
        return code.toString();
    }
}
