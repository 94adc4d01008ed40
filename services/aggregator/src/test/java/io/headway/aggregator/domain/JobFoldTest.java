package io.headway.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headway.events.EtaEstimated;
import io.headway.events.JobFailed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.Require;
import io.headway.events.ResourceSampled;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.UnrecognizedEvent;
import io.headway.events.state.JobBounds;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobFoldTest {

    private static final String JOB = "job-1";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final List<OffsetEvent> log = List.of(
            at(10, new JobSubmitted(UUID.randomUUID(), JOB, T0, "g", "acme", "demo", Map.of(), 0, null, Map.of(),
                    List.of(new StagePlan("fetch", 1), new StagePlan("scan", 3)), false)),
            at(11, new JobStarted(UUID.randomUUID(), JOB, T0.plusSeconds(1), "x", 1, "x", List.of())),
            at(12, new StageStarted(UUID.randomUUID(), JOB, T0.plusSeconds(2), "x", "fetch", null)),
            at(13, new StageCompleted(UUID.randomUUID(), JOB, T0.plusSeconds(7), "x", "fetch")),
            at(14, new ProgressReported(UUID.randomUUID(), JOB, T0.plusSeconds(8), "x", "scan", 0.5, null, null,
                    null, null, Map.of())));

    @Test
    void foldsEveryNewEventInOrder() {
        JobFold fold = JobFold.of(FoldedJob.unknown(JOB), log);

        assertThat(fold.job().state()).isEqualTo(JobReducer.fold(JOB, log.stream().map(OffsetEvent::event).toList()));
        assertThat(fold.job().lastOffset()).isEqualTo(14);
        assertThat(fold.applied()).isEqualTo(log);
        assertThat(fold.changed()).isTrue();
        assertThat(fold.redelivered()).isFalse();
        assertThat(fold.ended()).isFalse();
    }

    @Test
    void knowsTheFoldThatEndsAJobFromEveryLaterOne() {
        JobFold running = JobFold.of(FoldedJob.unknown(JOB), log);
        JobFold ending = JobFold.of(running.job(), List.of(at(15, new JobFailed(UUID.randomUUID(), JOB,
                T0.plusSeconds(9), "x", "exit code 1", 1, false))));
        JobFold late = JobFold.of(ending.job(), List.of(at(16, new ResourceSampled(UUID.randomUUID(), JOB,
                T0.plusSeconds(10), "x", 1.0, 1, 0, 0))));

        assertThat(ending.ended()).isTrue();
        assertThat(late.changed()).isTrue();
        assertThat(late.ended()).as("the job was over before").isFalse();
        assertThat(running.then(ending).ended()).isTrue();
    }

    @Test
    void skipsWhatWasAppliedBeforeSoARedeliveryChangesNothing() {
        JobFold first = JobFold.of(FoldedJob.unknown(JOB), log.subList(0, 3));
        JobFold overlapping = JobFold.of(first.job(), log);
        JobFold again = JobFold.of(overlapping.job(), log);

        assertThat(overlapping.applied()).isEqualTo(log.subList(3, 5));
        assertThat(overlapping.job()).isEqualTo(JobFold.of(FoldedJob.unknown(JOB), log).job());
        assertThat(again.applied()).isEmpty();
        assertThat(again.redelivered()).isTrue();
        assertThat(again.changed()).isFalse();
        assertThat(again.job()).isEqualTo(overlapping.job());
    }

    @Test
    void recordsHowLongEachCompletedStageTook() {
        JobFold fold = JobFold.of(FoldedJob.unknown(JOB), log);

        assertThat(fold.stageDurations()).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo("fetch");
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.tenant()).isEqualTo("acme");
            assertThat(d.jobType()).isEqualTo("demo");
            assertThat(d.weight()).isEqualTo(1.0);
            assertThat(d.durationMs()).isEqualTo(5000);
        });
    }

    @Test
    void aStageCompletedWithoutHavingStartedHasNoDuration() {
        JobFold fold = JobFold.of(FoldedJob.unknown(JOB), List.of(log.get(0), log.get(1), log.get(3)));

        assertThat(fold.stageDurations()).isEmpty();
    }

    @Test
    void unknownKindsAreAppliedToHistoryButChangeNoState() {
        List<OffsetEvent> withUnknown = new ArrayList<>(log.subList(0, 2));
        withUnknown.add(at(12, new UnrecognizedEvent(UUID.randomUUID(), JOB, T0, "future", "JobTeleported", "{}")));
        JobFold before = JobFold.of(FoldedJob.unknown(JOB), log.subList(0, 2));

        JobFold after = JobFold.of(before.job(), withUnknown);

        assertThat(after.applied()).extracting(OffsetEvent::offset).containsExactly(12L);
        assertThat(after.changed()).isFalse();
        assertThat(after.job().lastOffset()).isEqualTo(12);
        assertThat(after.job().state()).isSameAs(before.job().state());
    }

    @Test
    void eventsOfAJobThatWasNeverSubmittedAreRefusedNotFolded() {
        JobFold fold = JobFold.of(FoldedJob.unknown(JOB), log.subList(1, 3));

        assertThat(fold.applied()).isEmpty();
        assertThat(fold.changed()).isFalse();
        assertThat(fold.job().hasState()).isFalse();
        assertThat(fold.refused()).extracting(JobFold.Refusal::event).containsExactlyElementsOf(log.subList(1, 3));
        assertThat(fold.refused().getFirst().reason()).contains("never submitted", "JobStarted");
    }

    @Test
    void nothingButARacingEstimateOrSampleIsFoldedAfterTheEnd() {
        JobFold ended = JobFold.of(FoldedJob.unknown(JOB), List.of(log.get(0), log.get(1),
                at(15, new JobSucceeded(UUID.randomUUID(), JOB, T0.plusSeconds(9), "x", "done"))));
        OffsetEvent late = at(16, new JobFailed(UUID.randomUUID(), JOB, T0.plusSeconds(10), "x", "late", 1, false));
        OffsetEvent estimate = at(17, new EtaEstimated(UUID.randomUUID(), JOB, T0.plusSeconds(10), "eta", 0L, 0L,
                0L, 0.9, "m"));

        JobFold after = JobFold.of(ended.job(), List.of(late, estimate));

        assertThat(after.refused()).extracting(JobFold.Refusal::event).containsExactly(late);
        assertThat(after.refused().getFirst().reason()).contains("already ended (SUCCEEDED)");
        assertThat(after.applied()).containsExactly(estimate);
        assertThat(after.job().state().status()).isEqualTo(ended.job().state().status());
    }

    @Test
    void anEventThatWouldTakeTheJobBeyondABoundIsRefusedNotFolded() {
        List<OffsetEvent> reports = new ArrayList<>(log.subList(0, 2));
        for (int batch = 0; batch < 3; batch++) {
            Map<String, Long> counters = new java.util.HashMap<>();
            for (int i = 0; i < Require.MAX_ENTRIES; i++) {
                counters.put("c" + batch + "-" + i, (long) i);
            }
            reports.add(at(20 + batch, new ProgressReported(UUID.randomUUID(), JOB, T0.plusSeconds(3 + batch), "x",
                    null, null, null, null, null, null, counters)));
        }

        JobFold fold = JobFold.of(FoldedJob.unknown(JOB), reports);

        assertThat(fold.refused()).extracting(JobFold.Refusal::event).containsExactly(reports.getLast());
        assertThat(fold.refused().getFirst().reason()).contains("192 counters", "at most 128", "not folded");
        assertThat(fold.job().state().counters()).hasSize(JobBounds.MAX_COUNTERS);
        assertThat(fold.job().lastOffset()).isEqualTo(21);
    }

    @Test
    void aJobAlreadyBeyondABoundFromBeforeTheBoundsStillTakesEventsThatDoNotGrowIt() {
        Map<String, Long> legacy = new java.util.HashMap<>();
        for (int i = 0; i < 1000; i++) {
            legacy.put("old-" + i, (long) i);
        }
        JobFold folded = JobFold.of(FoldedJob.unknown(JOB), log.subList(0, 2));
        FoldedJob beyond = new FoldedJob(folded.job().state().withCounters(legacy), folded.job().lastOffset(),
                folded.job().partition());
        OffsetEvent estimate = at(20, new EtaEstimated(UUID.randomUUID(), JOB, T0.plusSeconds(9), "eta", 10L, 5L,
                20L, 0.8, "m"));
        OffsetEvent growing = at(21, new ProgressReported(UUID.randomUUID(), JOB, T0.plusSeconds(10), "x", null,
                null, null, null, null, null, Map.of("new", 1L)));
        OffsetEvent end = at(22, new JobSucceeded(UUID.randomUUID(), JOB, T0.plusSeconds(11), "x", "done"));

        JobFold fold = JobFold.of(beyond, List.of(estimate, growing, end));

        assertThat(fold.applied()).containsExactly(estimate, end);
        assertThat(fold.refused()).extracting(JobFold.Refusal::event).containsExactly(growing);
        assertThat(fold.job().state().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void theJobLastReportedItselfAtItsLatestEventButAnEstimate() {
        List<OffsetEvent> withEstimate = new ArrayList<>(log);
        withEstimate.add(at(15, new EtaEstimated(UUID.randomUUID(), JOB, T0.plusSeconds(60), "eta", 10L, 5L, 20L,
                0.8, "m")));

        assertThat(JobFold.of(FoldedJob.unknown(JOB), withEstimate).reportedAt()).isEqualTo(T0.plusSeconds(8));
        assertThat(JobFold.of(JobFold.of(FoldedJob.unknown(JOB), log).job(), withEstimate.subList(5, 6))
                .reportedAt()).isNull();
    }

    @Test
    void anEventOnAnotherPartitionIsRefusedNotFoldedNorTakenForARedelivery() {
        JobFold first = JobFold.of(FoldedJob.unknown(JOB), log.subList(0, 2));
        OffsetEvent strayed = new OffsetEvent(3, 2, log.get(2).event());

        JobFold next = JobFold.of(first.job(), List.of(strayed, log.get(3)));

        assertThat(first.job().partition()).isZero();
        assertThat(next.refused()).extracting(JobFold.Refusal::event).containsExactly(strayed);
        assertThat(next.refused().getFirst().reason()).contains("partition 0", "partition 3", "murmur2");
        assertThat(next.applied()).containsExactly(log.get(3));
        assertThat(next.job().partition()).isZero();
        assertThat(JobFold.of(first.job(), List.of(strayed)).redelivered()).isFalse();
    }

    @Test
    void twoFoldsInARowAreOneFoldOfBothBatches() {
        JobFold first = JobFold.of(FoldedJob.unknown(JOB), log.subList(0, 3));
        JobFold second = JobFold.of(first.job(), log.subList(3, 5));

        assertThat(first.then(second)).isEqualTo(JobFold.of(FoldedJob.unknown(JOB), log));
    }

    @Test
    void foldsOfTwoJobsDoNotMerge() {
        JobFold one = JobFold.of(FoldedJob.unknown(JOB), log);
        JobFold other = JobFold.of(FoldedJob.unknown("job-2"), List.of());

        assertThatThrownBy(() -> one.then(other)).isInstanceOf(IllegalArgumentException.class);
    }

    private static OffsetEvent at(long offset, ProgressEvent event) {
        return new OffsetEvent(0, offset, event);
    }
}
