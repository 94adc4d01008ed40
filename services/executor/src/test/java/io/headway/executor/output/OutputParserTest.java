package io.headway.executor.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.Require;
import io.headway.executor.output.OutputParser.Parsed;
import io.headway.executor.output.OutputSignal.ArtifactOffered;
import io.headway.executor.output.OutputSignal.Checkpoint;
import io.headway.executor.output.OutputSignal.Progress;
import io.headway.executor.output.OutputSignal.StageBegins;
import io.headway.executor.output.OutputSignal.StageEnds;
import io.headway.templates.ProgressPattern;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputParserTest {

    private final OutputParser protocolOnly = new OutputParser(List.of());

    @Test
    void theLineProtocol() {
        assertThat(signal("::stage build")).isEqualTo(new StageBegins("build", null));
        assertThat(signal("::stage build weight=3")).isEqualTo(new StageBegins("build", 3.0));
        assertThat(signal("::stage-done")).isEqualTo(new StageEnds(null));
        assertThat(signal("::stage-done build")).isEqualTo(new StageEnds("build"));
        assertThat(signal("::progress 42%")).isEqualTo(progress(0.42, null, null, null, null, Map.of()));
        assertThat(signal("::progress 42.5% compiling")).isEqualTo(progress(0.425, null, null, null, "compiling",
                Map.of()));
        assertThat(signal("::progress 0.25")).isEqualTo(progress(0.25, null, null, null, null, Map.of()));
        assertThat(signal("::progress 1200/5000 files scanning src"))
                .isEqualTo(progress(null, 1200L, 5000L, "files", "scanning src", Map.of()));
        assertThat(signal("::counter filesProcessed=1200 issuesFound=3"))
                .isEqualTo(progress(null, null, null, null, null, Map.of("filesProcessed", 1200L, "issuesFound", 3L)));
        assertThat(signal("::checkpoint offset=1200 file=a.csv")).isEqualTo(new Checkpoint("offset=1200 file=a.csv"));
        assertThat(signal("::message almost there")).isEqualTo(progress(null, null, null, null, "almost there",
                Map.of()));
        assertThat(signal("::artifact name=report path=out/report.html type=text/html"))
                .isEqualTo(new ArtifactOffered("out/report.html", "report", "text/html", false));
        assertThat(signal("::preview path=\"frames/frame 050.png\"")).isEqualTo(new ArtifactOffered(
                "frames/frame 050.png", null, null, true));
        assertThat(protocolOnly.parse("::progress 50%").isLog()).as("instructions are not log lines").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::progress", "::progress 150%", "::progress lots", "::progress 1.5", "::counter x",
            "::stage", "::stage a weight=0", "::checkpoint",
            "::artifact name=report", "::preview", "::teleport mars", "plain output"})
    void malformedOrUnknownCommandsAreJustLogLines(String line) {
        assertThat(protocolOnly.parse(line)).isEqualTo(new Parsed(null, true));
    }

    @Test
    void whatAnEventCouldNotCarryIsALogLineAndALongMessageIsCut() {
        String longName = "s".repeat(Require.MAX_NAME + 1);
        StringBuilder manyCounters = new StringBuilder("::counter");
        for (int i = 0; i <= Require.MAX_ENTRIES; i++) {
            manyCounters.append(" c").append(i).append('=').append(i);
        }
        for (String line : List.of("::stage " + longName, "::stage-done " + longName, "::counter " + longName + "=1",
                manyCounters.toString(), "::progress 1/2 " + longName, "::checkpoint " + "c".repeat(5000))) {
            assertThat(protocolOnly.parse(line)).as(line.substring(0, 20)).isEqualTo(new Parsed(null, true));
        }
        Progress message = (Progress) signal("::message " + "m".repeat(10_000));
        assertThat(message.message()).hasSizeBetween(Require.MAX_TEXT - 10, Require.MAX_TEXT)
                .endsWith(" more characters]");
    }

    @Test
    void templatePatternsForToolsThatDoNotSpeakTheProtocol() {
        OutputParser parser = new OutputParser(List.of(
                ProgressPattern.of("\\[(?<percent>\\d+)%\\]"),
                ProgressPattern.of("Progress: (?<percent>\\d+(\\.\\d+)?)%"),
                ProgressPattern.of("Step (?<current>\\d+)/(?<total>\\d+)"),
                ProgressPattern.of("Processed (?<current>\\d+)/(?<total>\\d+) (?<unit>\\w+)"),
                ProgressPattern.of("Tests run: (?<testsRun>\\d+), Failures: (?<testsFailed>\\d+)")));

        assertThat(parser.parse("[50%] Building CXX object").signal())
                .isEqualTo(progress(0.5, null, null, null, null, Map.of()));
        assertThat(parser.parse("Progress: 75%").signal()).isEqualTo(progress(0.75, null, null, null, null,
                Map.of()));
        assertThat(parser.parse("Step 20/30 : RUN make").signal())
                .isEqualTo(progress(null, 20L, 30L, null, null, Map.of()));
        assertThat(parser.parse("Processed 1200/5000 files").signal())
                .isEqualTo(progress(null, 1200L, 5000L, "files", null, Map.of()));
        Parsed tests = parser.parse("[INFO] Tests run: 12, Failures: 1, Errors: 0");
        assertThat(tests.signal()).isEqualTo(progress(null, null, null, null, null,
                Map.of("testsRun", 12L, "testsFailed", 1L)));
        assertThat(tests.isLog()).as("a tool's own line is still logged").isTrue();
    }

    private OutputSignal signal(String line) {
        return protocolOnly.parse(line).signal();
    }

    private static Progress progress(Double fraction, Long current, Long total, String unit, String message,
            Map<String, Long> counters) {
        return new Progress(fraction, current, total, unit, message, counters);
    }
}
