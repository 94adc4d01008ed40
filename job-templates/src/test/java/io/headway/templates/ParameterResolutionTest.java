package io.headway.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterResolutionTest {

    @TempDir
    Path folder;

    private JobTemplate template() {
        return TemplateCatalog.parse("test.yaml", """
                type: scan
                command: ["printf", "<%s>\\\\n", "${target}", "${depth}", "${mode}", "${checkpoint}"]
                environment: {SCAN_MODE: "${mode}", FIXED: "yes"}
                parameters:
                  - {name: target, required: true}
                  - {name: depth, type: INTEGER, defaultValue: "3", pattern: "[0-9]"}
                  - {name: mode, allowed: [fast, thorough], defaultValue: fast}
                timeout: 10m
                retry: {maxAttempts: 3}
                """, folder, file -> {
        });
    }

    @Test
    void parametersBecomeWholeArgumentsWithDefaults() {
        ResolvedJob job = template().resolve(Map.of("target", "src/main"), null, null, null);

        assertThat(job.argv()).containsExactly("printf", "<%s>\\n", "src/main", "3", "fast", "");
        assertThat(job.environment()).containsEntry("SCAN_MODE", "fast").containsEntry("FIXED", "yes")
                .doesNotContainKey("HEADWAY_CHECKPOINT");
    }

    @Test
    void theCheckpointGoesToTheArgumentAndTheEnvironment() {
        ResolvedJob job = template().resolve(Map.of("target", "x"), "item=15", null, null);

        assertThat(job.argv().getLast()).isEqualTo("item=15");
        assertThat(job.environment()).containsEntry("HEADWAY_CHECKPOINT", "item=15");
    }

    @Test
    void everyProblemWithASubmissionIsReportedAndNothingResolves() {
        assertThatThrownBy(() -> template().resolve(Map.of("depth", "12", "mode", "slow", "colour", "red"), null,
                null, null))
                .isInstanceOf(InvalidSubmissionException.class)
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).problems()).containsExactly(
                        "unknown parameter 'colour'; type scan takes [depth, mode, target]",
                        "parameter 'target' is required",
                        "parameter 'depth' must match [0-9]",
                        "parameter 'mode' must be one of [fast, thorough]"));
        assertThatThrownBy(() -> template().resolve(Map.of("target", "x", "depth", "two"), null, null, null))
                .hasMessage("parameter 'depth' must be a whole number");
    }

    @Test
    void aSubmissionMayShortenTheTimeoutAndLowerTheAttemptsButNotRaiseThem() {
        ResolvedJob shorter = template().resolve(Map.of("target", "x"), null, 60_000L, 1);
        ResolvedJob longer = template().resolve(Map.of("target", "x"), null, 3_600_000L, 9);

        assertThat(shorter.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(shorter.retry().maxAttempts()).isEqualTo(1);
        assertThat(longer.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(longer.retry().maxAttempts()).isEqualTo(3);
    }

    @Test
    void shellSyntaxReachesARealProcessAsOneLiteralArgument() throws Exception {
        for (String hostile : List.of("; rm -rf /", "$(id)", "`id`", "a b 'c' \"d\" | cat > /tmp/x && echo", "*")) {
            ResolvedJob job = template().resolve(Map.of("target", hostile), null, null, null);

            assertThat(run(job.argv())).startsWith("<" + hostile + ">\n<3>\n<fast>\n");
        }
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return output;
    }

    @Test
    void overridesMayOnlyTightenTheTemplatesLimits() {
        template().check(Map.of("target", "x"), 60_000L, 2);

        assertThatThrownBy(() -> template().check(Map.of("target", "x"), 3_600_000L, 5))
                .isInstanceOf(InvalidSubmissionException.class)
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).problems()).containsExactly(
                        "timeoutMs must be between 1 and 600000 (the scan template's timeout), was 3600000",
                        "maxAttempts must be between 1 and 3 (the scan template's limit), was 5"));
    }

    @Test
    void aCheckReportsOverridesAndParametersTogether() {
        assertThatThrownBy(() -> template().check(Map.of(), 0L, null))
                .isInstanceOf(InvalidSubmissionException.class)
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).problems()).containsExactly(
                        "timeoutMs must be between 1 and 600000 (the scan template's timeout), was 0",
                        "parameter 'target' is required"));
    }
}
