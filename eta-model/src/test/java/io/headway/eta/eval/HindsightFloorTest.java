package io.headway.eta.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.ProgressEvent;
import io.headway.eta.traces.GeneratedTruth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HindsightFloorTest {

    @Test
    void theErrorMinimisingPointsAreWhereTheyShouldBe() {
        double[] draws = new double[101];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = 1000 + i;
        }
        assertThat(HindsightFloor.meanApeOptimal(draws)).isBetween(1045.0, 1051.0);
        // Relative errors favour the longer draws: half of them lie within the least relative distance of a point
        // above the middle.
        double point = HindsightFloor.medianApeOptimal(draws);
        for (double other = 990; other <= 1110; other += 0.5) {
            assertThat(medianApe(draws, point)).isLessThanOrEqualTo(medianApe(draws, other) + 1e-12);
        }
    }

    private static double medianApe(double[] draws, double point) {
        double[] errors = new double[draws.length];
        for (int i = 0; i < draws.length; i++) {
            errors[i] = Math.abs(draws[i] - point) / draws[i];
        }
        java.util.Arrays.sort(errors);
        return errors[errors.length / 2];
    }

    @Test
    void onlyATraceTheGeneratorWroteHasAFloor() throws IOException {
        List<ProgressEvent> steady = TraceReader.read(Path.of("traces/steady.jsonl.gz"));
        assertThat(GeneratedTruth.of(steady)).isPresent();
        assertThat(GeneratedTruth.of(TraceReader.read(Path.of("traces/recorded/demo.jsonl.gz")))).isEmpty();
        List<ProgressEvent> shortened = new ArrayList<>(steady.subList(0, steady.size() - 1));
        assertThat(GeneratedTruth.of(shortened)).isEmpty();
    }

    @Test
    void theFloorOfTheSteadyTraceIsAFewPercentAtNinety() throws IOException {
        List<ProgressEvent> events = TraceReader.read(Path.of("traces/steady.jsonl.gz"));
        HindsightFloor floor = new HindsightFloor(GeneratedTruth.of(events).orElseThrow());
        events.forEach(floor::observe);
        FloorReport report = new FloorReport();
        report.add(floor.scored());

        assertThat(floor.scored()).hasSize(150);
        // Half of 20 items of mild noise (σ 0.15) left: about 0.15 / √10 ≈ 4.7 % spread, a median error near 3 %.
        assertThat(report.floor(0.9)).isBetween(0.02, 0.06);
        assertThat(report.floor(0.1)).isLessThan(report.floor(0.9));
    }
}
