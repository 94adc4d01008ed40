package io.headway.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headway.events.StagePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateCatalogTest {

    @TempDir
    Path extracted;

    @Test
    void loadsTheBundledTemplatesWithTheirFiles() {
        TemplateCatalog catalog = TemplateCatalog.load(extracted, Optional.empty());

        assertThat(catalog.types()).containsExactlyInAnyOrder("demo", "maven-test");
        JobTemplate demo = catalog.require("demo");
        assertThat(demo.stages()).containsExactly(new StagePlan("prepare", 1), new StagePlan("scan", 3),
                new StagePlan("report", 1));
        assertThat(demo.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(demo.retry().maxAttempts()).isEqualTo(3);
        assertThat(demo.memoryLimitBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(demo.concurrency()).isEqualTo(8);
        assertThat(extracted.resolve("demo/demo.sh")).isExecutable();
        assertThat(catalog.require("maven-test").progressPatterns().getFirst().counters())
                .containsExactlyInAnyOrder("testsRun", "testsFailed", "testsErrored", "testsSkipped");
    }

    @Test
    void loadingForCheckingWritesNothingAndChecksAsTheExecutorWould(@TempDir Path folder) throws Exception {
        writeEchoTemplate(folder);

        TemplateCatalog checking = TemplateCatalog.loadForChecking(Optional.of(folder));
        TemplateCatalog running = TemplateCatalog.load(extracted, Optional.of(folder));

        assertThat(checking.types()).containsExactlyElementsOf(running.types());
        assertThat(checking.require("demo")).usingRecursiveComparison().ignoringFields("directory")
                .isEqualTo(running.require("demo"));
        assertThat(checking.require("demo").directory()).as("its files are never run here").isNull();
        assertThat(checking.require("echo").directory()).isEqualTo(folder);
        assertThatThrownBy(() -> checking.require("demo").check(Map.of("size", "many"), null, null))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessageContaining("parameter 'size' must be a whole number");
    }

    @Test
    void anUnknownTypeIsRefusedWithTheTypesThereAre() {
        TemplateCatalog catalog = TemplateCatalog.load(extracted, Optional.empty());

        assertThatThrownBy(() -> catalog.require("rm-everything"))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("unknown job type 'rm-everything'; this executor runs [demo, maven-test]");
    }

    @Test
    void anOperatorsFolderAddsTemplates(@TempDir Path folder) throws Exception {
        writeEchoTemplate(folder);

        assertThat(TemplateCatalog.load(extracted, Optional.of(folder)).types()).contains("demo", "echo");
    }

    @Test
    void aPlaceholderInsideAnArgumentIsRefused() {
        assertThatThrownBy(() -> parse("""
                type: sneaky
                command: ["sh", "-c", "echo ${text}"]
                parameters: [{name: text}]
                """)).hasMessageContaining("a placeholder must be the whole argument");
    }

    @Test
    void everyProblemOfADefinitionIsReported() {
        assertThatThrownBy(() -> parse("""
                type: Bad_Name
                command: ["run", "${nothing}"]
                progressPatterns: ["(unclosed"]
                """))
                .hasMessageContaining("type must be lower-case")
                .hasMessageContaining("names no parameter")
                .hasMessageContaining("is not a regular expression");
        assertThatThrownBy(() -> parse("type: x\ncommand: [a]\nshellCommand: rm -rf /\n"))
                .hasMessageContaining("shellCommand");
    }

    /** An operator's template: {@code echo}, with one required parameter. */
    private static void writeEchoTemplate(Path folder) throws Exception {
        Files.writeString(folder.resolve("echo.yaml"), """
                type: echo
                command: ["echo", "${text}"]
                parameters: [{name: text, required: true}]
                """);
    }

    private JobTemplate parse(String yaml) {
        return TemplateCatalog.parse("test.yaml", yaml, extracted, file -> {
        });
    }
}
