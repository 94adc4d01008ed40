package io.headway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.live.LogTailEntry;
import io.headway.stream.LogPosition;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LogStitchTest {

    @Test
    void contiguousLiveLinesPassAndOnesTheClientHasAreDropped() {
        LogStitch stitch = new LogStitch(new LogPosition(1, 3));

        assertThat(sequences(stitch.live(lines(1, 2, 5)))).containsExactly(4L, 5L);
        assertThat(stitch.delivered()).isEqualTo(new LogPosition(1, 5));
        assertThat(stitch.filling()).isFalse();
    }

    @Test
    void aGapHoldsLiveLinesUntilTheHistoryFillsIt() {
        LogStitch stitch = new LogStitch(new LogPosition(1, 3));

        assertThat(stitch.live(lines(1, 7, 8))).isEmpty();
        assertThat(stitch.filling()).isTrue();
        assertThat(stitch.live(lines(1, 9, 9))).isEmpty();

        LogStitch.Filled filled = stitch.filled(lines(1, 4, 7), false);
        assertThat(sequences(filled.lines())).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(filled.stillOpen()).isFalse();
        assertThat(filled.gapAfter()).isNull();
        assertThat(stitch.filling()).isFalse();
    }

    @Test
    void aGapTheHistoryCannotFillStaysOpenThenIsReportedAndSkipped() {
        LogStitch stitch = new LogStitch(new LogPosition(1, 3));
        stitch.live(lines(1, 10, 11));

        LogStitch.Filled early = stitch.filled(lines(1, 4, 5), false);
        assertThat(sequences(early.lines())).containsExactly(4L, 5L);
        assertThat(early.stillOpen()).isTrue();

        LogStitch.Filled late = stitch.filled(List.of(), true);
        assertThat(late.gapAfter()).isEqualTo(new LogPosition(1, 5));
        assertThat(sequences(late.lines())).containsExactly(10L, 11L);
        assertThat(stitch.filling()).isFalse();
    }

    @Test
    void aNewAttemptStartsAtItsFirstLine() {
        LogStitch stitch = new LogStitch(new LogPosition(1, 40));

        assertThat(sequences(stitch.live(lines(2, 1, 2)))).containsExactly(1L, 2L);
        assertThat(stitch.delivered()).isEqualTo(new LogPosition(2, 2));
    }

    @Test
    void aClientWithNothingTakesLinesFromWhereTheyArrive() {
        LogStitch stitch = new LogStitch(null);

        assertThat(sequences(stitch.live(lines(1, 50, 51)))).containsExactly(50L, 51L);
    }

    private static List<LogTailEntry> lines(int attempt, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(i -> new LogTailEntry(attempt,
                new LogLine(i, Instant.EPOCH, LogStream.STDOUT, LogLevel.INFO, "line " + i))).toList();
    }

    private static List<Long> sequences(List<LogTailEntry> lines) {
        return lines.stream().map(entry -> entry.line().sequence()).toList();
    }
}
