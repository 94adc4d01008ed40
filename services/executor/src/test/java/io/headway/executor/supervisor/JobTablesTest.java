package io.headway.executor.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.CheckpointSaved;
import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.JobSnapshot;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.RetryScheduled;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The executor's view of the control and job-state tables, and its bound. */
class JobTablesTest {

    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    private final JobTables tables = new JobTables(2, "executor-test");

    @Test
    void aJobsNextAttemptAndCheckpointComeFromItsLatestSnapshot() {
        assertThat(tables.nextAttempt("job-1")).isEqualTo(1);
        assertThat(tables.checkpoint("job-1")).isNull();

        tables.snapshot(snapshot("job-1", false, "item=5"));

        assertThat(tables.nextAttempt("job-1")).isEqualTo(2);
        assertThat(tables.checkpoint("job-1")).isEqualTo("item=5");
        assertThat(tables.job("job-1")).contains(new JobTables.Known(false, 1, "item=5", "executor-1"));
    }

    @Test
    void theJobsHeldByThisExecutorsIdAreKeptWholeUntilTheyAreHeldElsewhereOrEnd() {
        JobTables mine = new JobTables(10, "executor-1");
        mine.snapshot(snapshot("running", false, "item=5"));
        mine.snapshot(snapshot("ended", true, null));

        assertThat(mine.heldHere()).extracting(JobState::jobId).containsExactly("running");
        assertThat(tables.heldHere()).as("held by another executor").isEmpty();

        mine.snapshot(JobSnapshot.of(JobReducer.apply(snapshot("running", false, "item=5").state(),
                new RetryScheduled(UUID.randomUUID(), "running", AT, "aggregator", 2, 0, "lost", null))));

        assertThat(mine.heldHere()).as("handed back to the shared queue").isEmpty();
        assertThat(mine.job("running").orElseThrow().holder()).isNull();
    }

    @Test
    void pastItsBoundTheTableForgetsEndedJobsFirst() {
        tables.snapshot(snapshot("ended", true, null));
        tables.snapshot(snapshot("running", false, null));

        tables.snapshot(snapshot("new", false, null));

        assertThat(tables.job("ended")).isEmpty();
        assertThat(tables.job("running")).isPresent();
        assertThat(tables.job("new")).isPresent();
    }

    @Test
    void intentsAreBoundedTooAndATombstoneClearsOne() {
        tables.intent("a", intent("a"));
        tables.intent("b", intent("b"));
        tables.intent("b", null);
        tables.intent("c", intent("c"));
        tables.intent("d", intent("d"));

        assertThat(tables.intent("a")).as("the oldest went").isEmpty();
        assertThat(tables.intent("b")).isEmpty();
        assertThat(tables.intent("c")).isPresent();
        assertThat(tables.intent("d")).isPresent();
    }

    private static JobSnapshot snapshot(String jobId, boolean ended, String checkpoint) {
        List<ProgressEvent> events = new ArrayList<>(List.of(
                new JobSubmitted(UUID.randomUUID(), jobId, AT, "gateway", "acme", "demo", Map.of(), 0, null,
                        Map.of(), List.of(), false),
                new JobStarted(UUID.randomUUID(), jobId, AT, "executor-1", 1, "executor-1", List.of())));
        if (checkpoint != null) {
            events.add(new CheckpointSaved(UUID.randomUUID(), jobId, AT, "executor-1", checkpoint, null));
        }
        if (ended) {
            events.add(new JobSucceeded(UUID.randomUUID(), jobId, AT, "executor-1", "done"));
        }
        return JobSnapshot.of(JobReducer.fold(jobId, events));
    }

    private static ControlIntent intent(String jobId) {
        return new ControlIntent(UUID.randomUUID(), jobId, "acme", ControlAction.PAUSE, "later", "bob", AT);
    }
}
