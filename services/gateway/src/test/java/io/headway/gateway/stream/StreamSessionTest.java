package io.headway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.live.LogTailEntry;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.domain.Frame;
import io.headway.gateway.domain.LogPosition;
import io.headway.gateway.domain.Selector;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamSessionTest {

    private static final String JOB = "job-1";

    private final List<Frame> sent = new ArrayList<>();
    private final StreamSession session = new StreamSession("s1", new Caller("k1", "acme", "test"),
            new ClientChannel() {
                @Override
                public Uni<Void> send(Frame frame) {
                    sent.add(frame);
                    return Uni.createFrom().voidItem();
                }

                @Override
                public void close(int code, String reason) {
                }
            }, 16, 1000, (s, job) -> { });

    @Test
    void aLineDeliveredLiveWhileTheTailWasLookedUpIsNotSentAgainByTheFill() {
        session.subscribe(new Selector.Jobs(Set.of(JOB)), true);
        // A live line arrives while the subscription is still asking where the job's log starts ...
        session.offerLogs(JOB, null, Map.of(), List.of(line(1)));
        // ... then the subscription starts the log from its beginning and fills it from the history.
        session.resume(Map.of(), Map.of(JOB, LogPosition.START));
        session.filled(JOB, List.of(line(1), line(2)), false);

        assertThat(sent).extracting(Frame::text).hasSize(2);
        assertThat(sent.get(0).text()).contains("\"sequence\":1").doesNotContain("\"sequence\":2");
        assertThat(sent.get(1).text()).contains("\"sequence\":2").doesNotContain("\"sequence\":1");
    }

    private static LogTailEntry line(long sequence) {
        return new LogTailEntry(1, new LogLine(sequence, Instant.parse("2026-11-30T10:00:00Z"), LogStream.STDOUT,
                LogLevel.INFO, "line " + sequence));
    }
}
