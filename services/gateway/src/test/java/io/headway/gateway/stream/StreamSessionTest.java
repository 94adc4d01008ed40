package io.headway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.headway.events.JobSnapshot;
import io.headway.events.JobSubmitted;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.live.LogTailEntry;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.gateway.auth.Caller;
import io.headway.stream.LogPosition;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamSessionTest {

    private static final String JOB = "job-1";
    private static final String OTHER = "job-2";
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");
    private static final JobState STATE = JobReducer.fold(JOB, List.of(new JobSubmitted(UUID.randomUUID(), JOB, AT,
            "gateway", "acme", "demo", Map.of(), 0, null, Map.of(), List.of(), false)));

    private final List<Frame> sent = new ArrayList<>();
    private final List<UniEmitter<? super Void>> inFlight = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private boolean clientReads = true;
    private final StreamSession session = new StreamSession("s1", new Caller("k1", "acme", "test"),
            new ClientChannel() {
                @Override
                public Uni<Void> send(Frame frame) {
                    sent.add(frame);
                    return clientReads ? Uni.createFrom().voidItem() : Uni.createFrom().emitter(inFlight::add);
                }

                @Override
                public void close(int code, String reason) {
                }
            }, 1, 1000, (s, job) -> { }, (millis, task) -> {
                delays.add(millis);
                timers.add(task);
            }, new FrameCounts(metrics));

    @Test
    void aLineDeliveredLiveWhileTheTailWasLookedUpIsNotSentAgainByTheFill() {
        session.subscribe(new Selector.Jobs(Set.of(JOB)), true, 0);
        // A live line arrives while the subscription is still asking where the job's log starts ...
        session.offerLogs(JOB, null, Map.of(), List.of(line(1)));
        // ... then the subscription starts the log from its beginning and fills it from the history.
        session.resume(Map.of(), Map.of(JOB, LogPosition.START));
        session.filled(JOB, List.of(line(1), line(2)), false);

        assertThat(sent).extracting(Frame::text).hasSize(2);
        assertThat(sent.get(0).text()).contains("\"sequence\":1").doesNotContain("\"sequence\":2");
        assertThat(sent.get(1).text()).contains("\"sequence\":2").doesNotContain("\"sequence\":1");
    }

    @Test
    void aCoalescingSubscriptionGetsTheNewestStateOfEachJobInOneMessageWhenItsIntervalIsUp() {
        session.subscribe(new Selector.All(), false, 250);
        offer(JOB, 1, false);
        offer(OTHER, 1, false);
        offer(JOB, 2, false);

        assertThat(sent).isEmpty();
        assertThat(delays).containsExactly(250L);
        runTimers();

        assertThat(sent).singleElement().satisfies(frame -> assertThat(carried(frame))
                .containsExactly(JOB + "@2", OTHER + "@1"));
        assertThat(metrics.get("headway.gateway.stream.frames.sent").functionCounter().count()).isEqualTo(1);
        assertThat(metrics.get("headway.gateway.stream.frames.coalesced").tag("cause", "subscription")
                .functionCounter().count()).as("job-1@1, replaced by job-1@2").isEqualTo(1);
    }

    @Test
    void anEndLeavesAtOnceWithWhatWaits() {
        session.subscribe(new Selector.All(), false, 250);
        offer(JOB, 1, false);
        offer(OTHER, 7, true);

        assertThat(sent).singleElement().satisfies(frame -> assertThat(carried(frame))
                .containsExactly(JOB + "@1", OTHER + "@7"));
    }

    @Test
    void aJobAnotherSubscriptionFollowsWithoutCoalescingIsSentAtOnce() {
        session.subscribe(new Selector.All(), false, 250);
        session.subscribe(new Selector.Jobs(Set.of(JOB)), false, 0);
        offer(OTHER, 1, false);
        offer(JOB, 1, false);

        assertThat(sent).singleElement().satisfies(frame -> assertThat(frame.kind()).isEqualTo(Frame.Kind.SNAPSHOT));
        runTimers();
        assertThat(sent).last().satisfies(frame -> assertThat(carried(frame)).containsExactly(OTHER + "@1"));
    }

    @Test
    void aReplyTakesTheWaitingSnapshotsWithItSoTheyComeFirst() {
        session.subscribe(new Selector.All(), false, 250);
        offer(JOB, 1, false);
        session.offerMessage(Frame.of(new ServerMessage.Subscribed(null, "s1", 1, List.of())));

        assertThat(sent).extracting(Frame::type).containsExactly("snapshots", "subscribed");
    }

    @Test
    void whileTheClientIsBehindSnapshotsKeepCoalescingUntilItCatchesUp() {
        clientReads = false;
        session.subscribe(new Selector.All(), false, 250);
        session.offerMessage(Frame.of(new ServerMessage.Unsubscribed(null, List.of())));
        session.offerMessage(Frame.of(new ServerMessage.Unsubscribed(null, List.of()))); // queued: window is 1
        offer(JOB, 1, false);
        runTimers();
        offer(JOB, 2, false);
        runTimers();
        assertThat(sent).hasSize(1);

        clientReads = true;
        inFlight.removeFirst().complete(null); // the second reply leaves, then what waits
        assertThat(sent).hasSize(3);
        assertThat(carried(sent.getLast())).containsExactly(JOB + "@2");
    }

    private void offer(String jobId, long sequence, boolean ended) {
        try {
            String json = HeadwayJson.mapper().writeValueAsString(new JobSnapshot(jobId, sequence, STATE));
            session.offerSnapshot(new SnapshotHead(jobId, sequence, new Hub.Route("acme", null, Map.of()), ended),
                    Frame.snapshot(jobId, sequence, json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void runTimers() {
        List<Runnable> due = List.copyOf(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    /** What a coalesced message carries, as the client decodes it: job@sequence. */
    private static List<String> carried(Frame frame) {
        ServerMessage.Snapshots snapshots = (ServerMessage.Snapshots) StreamCodec.decodeServer(frame.text())
                .orElseThrow();
        return snapshots.snapshots().stream().map(s -> s.jobId() + "@" + s.sequence()).toList();
    }

    private static LogTailEntry line(long sequence) {
        return new LogTailEntry(1, new LogLine(sequence, Instant.parse("2026-11-30T10:00:00Z"), LogStream.STDOUT,
                LogLevel.INFO, "line " + sequence));
    }
}
