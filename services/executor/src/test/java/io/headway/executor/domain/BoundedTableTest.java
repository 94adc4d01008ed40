package io.headway.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BoundedTableTest {

    /** A value is a job's state; "done" means it has ended. */
    private final BoundedTable<String> table = new BoundedTable<>(3, "done"::equals);

    @Test
    void pastTheBoundTheLongestEndedJobIsForgottenFirst() {
        table.put("ended-early", "done");
        table.put("running", "running");
        table.put("ended-late", "done");

        table.put("new", "running");

        assertThat(table.get("ended-early")).isEmpty();
        assertThat(table.get("ended-late")).contains("done");
        assertThat(table.get("running")).contains("running");
        assertThat(table.get("new")).contains("running");
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void withNoEndedJobTheLongestUnchangedIsForgotten() {
        table.put("a", "running");
        table.put("b", "running");
        table.put("c", "running");
        table.put("a", "retrying"); // changed: now the newest

        table.put("d", "running");

        assertThat(table.get("b")).isEmpty();
        assertThat(table.get("a")).contains("retrying");
    }

    @Test
    void aJobThatEndsMovesToTheEndedAndARemovedJobIsGone() {
        table.put("a", "running");
        table.put("b", "running");
        table.put("a", "done");
        table.remove("b");
        table.put("c", "running");
        table.put("d", "running");

        table.put("e", "running");

        assertThat(table.get("a")).as("the only ended job goes first").isEmpty();
        assertThat(table.get("b")).isEmpty();
        assertThat(table.size()).isEqualTo(3);
    }

    @Property
    void theTableNeverPassesItsBoundAndKeepsLiveJobsWhileEndedOnesCanGo(
            @ForAll @IntRange(min = 1, max = 8) int maxJobs, @ForAll("updates") List<Map.Entry<String, String>> updates) {
        BoundedTable<String> bounded = new BoundedTable<>(maxJobs, "done"::equals);
        Map<String, String> latest = new LinkedHashMap<>();

        for (Map.Entry<String, String> update : updates) {
            bounded.put(update.getKey(), update.getValue());
            latest.remove(update.getKey());
            latest.put(update.getKey(), update.getValue());

            assertThat(bounded.size()).isLessThanOrEqualTo(maxJobs);
            List<String> live = new ArrayList<>();
            latest.forEach((job, value) -> {
                if (!"done".equals(value)) {
                    live.add(job);
                }
            });
            // Every live job is kept as long as the live jobs alone fit, newest first.
            List<String> newestLive = live.subList(Math.max(0, live.size() - maxJobs), live.size());
            newestLive.forEach(job -> assertThat(bounded.get(job)).contains(latest.get(job)));
            latest.keySet().retainAll(latest.keySet().stream().filter(job -> bounded.get(job).isPresent()).toList());
        }
    }

    @Provide
    Arbitrary<List<Map.Entry<String, String>>> updates() {
        return Combinators.combine(Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
                Arbitraries.of("running", "done")).as(Map::entry).list().ofMaxSize(40);
    }
}
