package io.headway.executor.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.Require;
import io.headway.executor.output.OutputSignal.Checkpoint;
import io.headway.executor.output.OutputSignal.Progress;
import io.headway.executor.output.OutputSignal.StageBegins;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressCoalescerTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final ProgressCoalescer coalescer = new ProgressCoalescer(Duration.ofMillis(200));

    @Test
    void tenThousandLinesASecondBecomeABoundedStreamThatEndsOnTheLatestValue() {
        List<OutputSignal> out = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            Instant at = T0.plusNanos(i * 100_000L); // 10,000 lines in one second
            out.addAll(coalescer.offer(new Progress(null, (long) i, 10_000L, "rows", null,
                    Map.of("rows", (long) i)), at));
        }
        out.addAll(coalescer.drain(T0.plusSeconds(1)));

        assertThat(out).hasSizeLessThanOrEqualTo(7);
        assertThat(out.getLast()).isEqualTo(new Progress(null, 10_000L, 10_000L, "rows", null,
                Map.of("rows", 10_000L)));
    }

    @Test
    void countersMergeOnlyUpToWhatOneEventCarries() {
        List<OutputSignal> out = new ArrayList<>();
        for (int i = 0; i < Require.MAX_ENTRIES + 10; i++) {
            out.addAll(coalescer.offer(new Progress(null, null, null, null, null, Map.of("c" + i, (long) i)),
                    T0.plusMillis(i)));
        }
        out.addAll(coalescer.drain(T0.plusSeconds(1)));

        assertThat(out).extracting(signal -> ((Progress) signal).counters().size())
                .allMatch(size -> size <= Require.MAX_ENTRIES);
        assertThat(out.stream().mapToInt(signal -> ((Progress) signal).counters().size()).sum())
                .isEqualTo(Require.MAX_ENTRIES + 10);
    }

    @Test
    void mergedProgressKeepsTheLatestOfEachPart() {
        coalescer.offer(new Progress(0.1, null, null, null, "start", Map.of("a", 1L)), T0);
        coalescer.offer(new Progress(0.2, null, null, null, null, Map.of("b", 2L)), T0.plusMillis(10));
        List<OutputSignal> out = coalescer.offer(new Progress(null, null, null, null, "later", Map.of("a", 3L)),
                T0.plusMillis(20));

        assertThat(out).isEmpty();
        assertThat(coalescer.poll(T0.plusMillis(250)))
                .containsExactly(new Progress(0.2, null, null, null, "later", Map.of("a", 3L, "b", 2L)));
    }

    @Test
    void stageChangesAndCheckpointsGoOutAtOnceAfterTheProgressBeforeThem() {
        coalescer.offer(new Progress(0.1, null, null, null, null, Map.of()), T0);
        Progress pending = new Progress(0.9, null, null, null, null, Map.of());
        coalescer.offer(pending, T0.plusMillis(5));

        assertThat(coalescer.offer(new StageBegins("next", null), T0.plusMillis(6)))
                .containsExactly(pending, new StageBegins("next", null));
        assertThat(coalescer.offer(new Checkpoint("c1"), T0.plusMillis(7))).containsExactly(new Checkpoint("c1"));
    }
}
