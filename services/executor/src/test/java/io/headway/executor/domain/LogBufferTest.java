package io.headway.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.LogBatch;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LogBufferTest {

    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678912Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aBatchIsDueAsSoonAsItIsFull() {
        LogBuffer buffer = new LogBuffer("job-1", 2, "executor-1", 3, CLOCK);

        assertThat(buffer.add(line(1))).isEmpty();
        assertThat(buffer.add(line(2))).isEmpty();
        Optional<LogBatch> full = buffer.add(line(3));

        assertThat(full).hasValueSatisfying(batch -> {
            assertThat(batch.lines()).containsExactly(line(1), line(2), line(3));
            assertThat(batch.jobId()).isEqualTo("job-1");
            assertThat(batch.attempt()).isEqualTo(2);
            assertThat(batch.source()).isEqualTo("executor-1");
            assertThat(batch.sentAt()).as("stamped by the clock, in milliseconds")
                    .isEqualTo(Instant.parse("2030-01-02T03:04:05.678Z"));
        });
        assertThat(buffer.flush()).as("the full batch took every line").isEmpty();
    }

    @Test
    void aFlushSendsWhateverHasGatheredAndNothingWhenNothingHas() {
        LogBuffer buffer = new LogBuffer("job-1", 1, "executor-1", 200, CLOCK);
        assertThat(buffer.flush()).isEmpty();

        buffer.add(line(1));

        assertThat(buffer.flush()).hasValueSatisfying(batch -> assertThat(batch.lines()).containsExactly(line(1)));
        assertThat(buffer.flush()).isEmpty();
    }

    @Property
    void everyLineIsSentOnceInOrderInBatchesNoLargerThanTheLimit(@ForAll @IntRange(min = 1, max = 10) int maxLines,
            @ForAll @IntRange(max = 50) int lines, @ForAll @IntRange(min = 1, max = 50) int flushEvery) {
        LogBuffer buffer = new LogBuffer("job-1", 1, "executor-1", maxLines, CLOCK);
        List<LogBatch> sent = new ArrayList<>();

        for (long i = 1; i <= lines; i++) {
            buffer.add(line(i)).ifPresent(sent::add);
            if (i % flushEvery == 0) {
                buffer.flush().ifPresent(sent::add);
            }
        }
        buffer.flush().ifPresent(sent::add);

        assertThat(sent).allSatisfy(batch -> assertThat(batch.lines()).isNotEmpty().hasSizeLessThanOrEqualTo(
                maxLines));
        assertThat(sent.stream().flatMap(batch -> batch.lines().stream()).map(LogLine::sequence))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, lines).boxed().toList());
    }

    private static LogLine line(long sequence) {
        return new LogLine(sequence, NOW, LogStream.STDOUT, LogLevel.INFO, "line " + sequence);
    }
}
