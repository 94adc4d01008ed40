package io.headway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.Alert;
import io.headway.events.AlertSeverity;
import io.headway.events.AlertState;
import io.headway.gateway.auth.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hub's routing decisions, without sockets or Kafka. */
class HubTest {

    private final Hub hub = new Hub(new SimpleMeterRegistry());

    @Test
    void logLinesOfAJobNoOneKnowsAreNotWantedWhenNoOneFollowsAnything() {
        // Log lines of a job whose snapshot this instance has not seen come with no tenant; with no session at all,
        // asking must answer "no" (it used to throw, and the exception stopped the log feed for every client).
        assertThat(hub.anyoneFollows("unknown-job", null)).isFalse();
    }

    @Test
    void anAlertAboutNoJobReachesOnlyItsTenantsSessionsThatFollowEverything() {
        List<Frame> everything = new ArrayList<>();
        List<Frame> batch = new ArrayList<>();
        List<Frame> jobs = new ArrayList<>();
        List<Frame> otherTenant = new ArrayList<>();
        follow("acme", new Selector.All(), everything);
        follow("acme", new Selector.Batch("b1"), batch);
        follow("acme", new Selector.Jobs(Set.of("job-1")), jobs);
        follow("globex", new Selector.All(), otherTenant);

        Instant now = Instant.now();
        hub.alert(new Alert(UUID.randomUUID(), null, "acme", Alert.WEBHOOK_DISABLED, AlertSeverity.WARNING,
                AlertState.RAISED, "disabled", null, now, now));

        assertThat(everything).singleElement().extracting(Frame::text).asString().contains("WEBHOOK_DISABLED");
        assertThat(batch).isEmpty();
        assertThat(jobs).isEmpty();
        assertThat(otherTenant).isEmpty();
    }

    private void follow(String tenant, Selector selector, List<Frame> sent) {
        StreamSession session = new StreamSession(UUID.randomUUID().toString(), new Caller("k", tenant, "test"),
                new ClientChannel() {
                    @Override
                    public Uni<Void> send(Frame frame) {
                        sent.add(frame);
                        return Uni.createFrom().voidItem();
                    }

                    @Override
                    public void close(int code, String reason) {
                    }
                }, 1, 1000, (s, job) -> { }, (millis, task) -> { }, new FrameCounts(new SimpleMeterRegistry()));
        session.subscribe(selector, false, 0);
        hub.reindex(session);
        sent.clear();
    }
}
