package io.headway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentSnapshotsTest {

    private final RecentSnapshots recent = new RecentSnapshots();

    @Test
    void aSnapshotIsNewsOnlyWhenItIsNewerThanTheOneHeld() {
        assertThat(recent.offer("job-1", 3, json("three"))).isTrue();
        assertThat(recent.offer("job-1", 3, json("three again"))).as("the same sequence, the other way").isFalse();
        assertThat(recent.offer("job-1", 2, json("two"))).as("an older one, late").isFalse();
        assertThat(recent.of(List.of("job-1"))).containsEntry("job-1", "three");

        assertThat(recent.offer("job-1", 4, json("four"))).isTrue();
        assertThat(recent.offer("job-2", 1, json("other job"))).isTrue();

        assertThat(recent.of(List.of("job-1", "job-2", "job-3")))
                .containsOnlyKeys("job-1", "job-2").containsEntry("job-1", "four");
    }

    @Test
    void aForgottenJobTakesAnySnapshotAgain() {
        recent.offer("job-1", 5, json("five"));

        recent.forget("job-1");

        assertThat(recent.of(List.of("job-1"))).isEmpty();
        assertThat(recent.offer("job-1", 1, json("one"))).isTrue();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
