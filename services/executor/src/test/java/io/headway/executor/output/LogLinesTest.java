package io.headway.executor.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.LogLevel;
import org.junit.jupiter.api.Test;

class LogLinesTest {

    @Test
    void detectsTheLevelALineStates() {
        assertThat(LogLines.level("ERROR item 7: simulated failure")).isEqualTo(LogLevel.ERROR);
        assertThat(LogLines.level("[WARNING] deprecated option")).isEqualTo(LogLevel.WARN);
        assertThat(LogLines.level("java.lang.IllegalStateException: boom")).isEqualTo(LogLevel.INFO);
        assertThat(LogLines.level("Exception in thread main")).isEqualTo(LogLevel.ERROR);
        assertThat(LogLines.level("DEBUG cache hit")).isEqualTo(LogLevel.DEBUG);
        assertThat(LogLines.level("scanned item 3")).isEqualTo(LogLevel.INFO);
    }

    @Test
    void capsLongLinesAndSaysHowMuchWasCut() {
        assertThat(new LogLines(30).capped("a".repeat(40))).isEqualTo("aaaaaaaa …[32 more characters]")
                .as("the note counts in the length").hasSize(30);
        assertThat(new LogLines(30).capped("abc")).isEqualTo("abc");
    }
}
