package io.headway.executor.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.executor.output.OutputSignal.Checkpoint;
import io.headway.executor.output.OutputSignal.Progress;
import io.headway.executor.output.OutputSignal.StageBegins;
import io.headway.templates.JobTemplate;
import io.headway.templates.ResolvedJob;
import io.headway.templates.TemplateCatalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled demo job, run for real and read by the parser the executor uses. */
class DemoTemplateTest {

    @TempDir
    Path extracted;

    @Test
    void walksItsStagesWithProgressCountersAndCheckpoints() throws Exception {
        List<OutputSignal> signals = run(Map.of("size", "10", "delayMs", "5"), null);

        assertThat(signals).filteredOn(StageBegins.class::isInstance)
                .extracting(s -> ((StageBegins) s).stage()).containsExactly("prepare", "scan", "report");
        assertThat(signals).filteredOn(Checkpoint.class::isInstance)
                .containsExactly(new Checkpoint("item=5"), new Checkpoint("item=10"));
        assertThat(signals).filteredOn(s -> s instanceof Progress p && p.current() != null).last()
                .isEqualTo(new Progress(null, 10L, 10L, "items", null, Map.of()));
        assertThat(signals).filteredOn(s -> s instanceof Progress p && !p.counters().isEmpty()).last()
                .isEqualTo(new Progress(null, null, null, null, null, Map.of("itemsScanned", 10L, "issuesFound",
                        1L)));
    }

    @Test
    void resumesAfterItsCheckpoint() throws Exception {
        List<OutputSignal> signals = run(Map.of("size", "12", "delayMs", "5"), "item=10");

        assertThat(signals).filteredOn(s -> s instanceof Progress p && p.current() != null)
                .extracting(s -> ((Progress) s).current()).containsExactly(11L, 12L);
    }

    @Test
    void goesQuietBeforeTheItemItIsToldToForAsLongAsItIsTold() throws Exception {
        List<Timed> signals = timed(Map.of("size", "4", "delayMs", "5", "silentAt", "3", "silentMs", "800"), null);

        List<Timed> items = signals.stream().filter(t -> t.signal() instanceof Progress p && p.current() != null)
                .toList();
        assertThat(items).extracting(t -> ((Progress) t.signal()).current()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(items.get(2).nanos() - items.get(1).nanos()).as("nothing reported for the quiet spell")
                .isGreaterThanOrEqualTo(800_000_000L);
    }

    private record Timed(OutputSignal signal, long nanos) {
    }

    private List<OutputSignal> run(Map<String, String> parameters, String checkpoint) throws Exception {
        return timed(parameters, checkpoint).stream().map(Timed::signal).toList();
    }

    private List<Timed> timed(Map<String, String> parameters, String checkpoint) throws Exception {
        JobTemplate demo = TemplateCatalog.load(extracted, Optional.empty()).require("demo");
        ResolvedJob job = demo.resolve(parameters, checkpoint, null, null);
        ProcessBuilder builder = new ProcessBuilder(job.argv()).redirectErrorStream(true);
        builder.environment().putAll(job.environment());
        Process process = builder.start();
        OutputParser parser = new OutputParser(demo.progressPatterns());
        List<Timed> signals = new ArrayList<>();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().map(parser::parse).filter(p -> p.signal() != null)
                    .forEach(p -> signals.add(new Timed(p.signal(), System.nanoTime())));
        }
        assertThat(process.waitFor()).isZero();
        return signals;
    }
}
