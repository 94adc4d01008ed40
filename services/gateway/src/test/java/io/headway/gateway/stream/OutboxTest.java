package io.headway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.stream.LogPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private final Outbox outbox = new Outbox(2, 4, (jobId, range) -> new Frame(Frame.Kind.LOG_GAP, "logs_gap",
            jobId, 0, range[0], range[1], Map.of(), "gap " + jobId + " " + range[0].sequence() + "-" + range[1].sequence()));

    @Test
    void aClientThatKeepsUpGetsEveryFrameInOrderWithinItsWindow() {
        outbox.offer(snapshot("a", 1));
        outbox.offer(snapshot("a", 2));
        outbox.offer(snapshot("a", 3));

        assertThat(outbox.next().sequence()).isEqualTo(1);
        assertThat(outbox.next().sequence()).isEqualTo(2);
        assertThat(outbox.next()).as("the window is full").isNull();
        outbox.sent();
        assertThat(outbox.next().sequence()).isEqualTo(3);
        assertThat(outbox.coalesced()).isZero();
    }

    @Test
    void aQueueOverItsLimitKeepsTheNewestSnapshotPerJobRepliesAndOneGapPerJob() {
        outbox.offer(snapshot("a", 1));
        outbox.offer(logs("a", 1, 10));
        outbox.offer(message("reply"));
        outbox.offer(snapshot("b", 1));
        outbox.offer(logs("a", 11, 20));
        outbox.offer(snapshot("a", 2));

        List<String> texts = drain();
        assertThat(texts).containsExactly("reply", "snapshot b 1", "gap a 1-20", "snapshot a 2");
        assertThat(outbox.coalesced()).isEqualTo(2);
    }

    @Test
    void theTerminalSnapshotAlwaysSurvivesBeingTheNewest() {
        for (int i = 1; i <= 100; i++) {
            outbox.offer(snapshot("a", i));
        }

        assertThat(drain()).last().isEqualTo("snapshot a 100");
        assertThat(outbox.queued()).isZero();
    }

    @Test
    void aClientThatReadsNothingWhileRepliesPileUpIsOverflowing() {
        for (int i = 0; i < 17; i++) {
            outbox.offer(message("reply " + i));
        }

        assertThat(outbox.overflowing()).isTrue();
    }

    private List<String> drain() {
        List<String> texts = new ArrayList<>();
        Frame frame;
        while ((frame = outbox.next()) != null) {
            texts.add(frame.text());
            outbox.sent();
        }
        return texts;
    }

    private static Frame snapshot(String jobId, long sequence) {
        return new Frame(Frame.Kind.SNAPSHOT, "snapshot", jobId, sequence, null, null, Map.of(),
                "snapshot " + jobId + " " + sequence);
    }

    private static Frame logs(String jobId, long first, long last) {
        return new Frame(Frame.Kind.LOGS, "logs", jobId, 0, new LogPosition(1, first), new LogPosition(1, last),
                Map.of(), "logs");
    }

    private static Frame message(String text) {
        return new Frame(Frame.Kind.MESSAGE, "reply", null, 0, null, null, Map.of(), text);
    }
}
