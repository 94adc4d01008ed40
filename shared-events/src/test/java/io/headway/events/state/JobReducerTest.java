package io.headway.events.state;

import static io.headway.events.state.Events.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.headway.events.ControlAction;
import io.headway.events.ProgressEvent;
import io.headway.events.StagePlan;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobReducerTest {

    final Events events = new Events();

    @Test
    void aJobMovesOnWithProgressNotWithSamplesAndKnowsItsLongestWaitWhileRunning() {
        ProgressEvent submitted = events.submitted();
        ProgressEvent started = events.started(1);
        ProgressEvent firstProgress = events.progress(null, 0.1);
        JobState sampled = fold(submitted, started, firstProgress, events.resources(50, 1), events.eta(1000),
                events.resources(50, 1));
        assertThat(sampled.progressedAt()).as("samples and estimates are not progress")
                .isEqualTo(firstProgress.occurredAt());
        assertThat(sampled.longestQuietMs()).isEqualTo(1000);

        ProgressEvent secondProgress = events.progress(null, 0.2);
        ProgressEvent paused = events.paused();
        ProgressEvent sampledWhilePaused = events.resources(50, 1);
        ProgressEvent resumed = events.resumed();
        ProgressEvent resumedProgress = events.progress(null, 0.3);
        JobState later = fold(submitted, started, firstProgress, events.resources(50, 1), events.resources(50, 1),
                secondProgress, paused, sampledWhilePaused, resumed, resumedProgress);
        assertThat(later.progressedAt()).isEqualTo(resumedProgress.occurredAt());
        assertThat(later.longestQuietMs()).as("the longest wait while running; the pause does not count")
                .isEqualTo(Duration.between(firstProgress.occurredAt(), secondProgress.occurredAt())
                        .toMillis());
    }

    @Test
    void aSubmittedJobIsQueuedWithItsDescription() {
        JobState state = fold(events.submitted(new StagePlan("fetch", 1), new StagePlan("scan", 3)));

        assertThat(state.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(state.tenant()).isEqualTo("acme");
        assertThat(state.jobType()).isEqualTo("demo");
        assertThat(state.batchId()).isEqualTo("batch-1");
        assertThat(state.labels()).containsEntry("team", "data");
        assertThat(state.priority()).isEqualTo(3);
        assertThat(state.attempt()).isZero();
        assertThat(state.stages()).extracting(StageState::name).containsExactly("fetch", "scan");
        assertThat(state.submittedAt()).isNotNull();
        assertThat(state.eventCount()).isEqualTo(1);
    }

    @Test
    void aWaitingJobKnowsItsPlaceInTheQueueUntilItStarts() {
        JobState waiting = fold(events.submitted(), events.queued(3, 4), events.queued(1, 2));
        JobState started = JobReducer.apply(waiting, events.started(1));

        assertThat(waiting.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(waiting.queue().position()).isEqualTo(1);
        assertThat(waiting.queue().waiting()).isEqualTo(2);
        assertThat(waiting.queue().executorId()).isEqualTo("executor-1");
        assertThat(started.queue()).isNull();
        assertThat(JobReducer.apply(started, events.queued(1, 1)).queue()).as("a late one").isNull();
    }

    @Test
    void startingRunsTheAttemptWithTheTemplatesPlan() {
        JobState state = fold(events.submitted(), events.started(1, new StagePlan("build", 2)));

        assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(state.attempt()).isEqualTo(1);
        assertThat(state.executorId()).isEqualTo("executor-1");
        assertThat(state.startedAt()).isNotNull();
        assertThat(state.stages()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("build");
            assertThat(s.weight()).isEqualTo(2);
            assertThat(s.status()).isEqualTo(StageStatus.PENDING);
        });
    }

    @Test
    void weightedStagesGiveTheOverallProgress() {
        JobState state = fold(
                events.submitted(new StagePlan("fetch", 1), new StagePlan("scan", 3)),
                events.started(1),
                events.stageStarted("fetch"),
                events.stageCompleted("fetch"),
                events.stageStarted("scan"),
                events.progress("scan", 0.5));

        assertThat(state.progress()).isCloseTo((1 * 1.0 + 3 * 0.5) / 4, within(1e-9));
        assertThat(state.currentStage()).isEqualTo("scan");
        assertThat(state.stages()).extracting(StageState::status)
                .containsExactly(StageStatus.COMPLETED, StageStatus.RUNNING);
    }

    @Test
    void progressWithoutAStageAppliesToTheCurrentStage() {
        JobState state = fold(events.submitted(new StagePlan("a", 1), new StagePlan("b", 1)), events.started(1),
                events.stageStarted("a"), events.progress(null, 0.5));

        assertThat(state.stages().getFirst().fraction()).isEqualTo(0.5);
        assertThat(state.progress()).isEqualTo(0.25);
    }

    @Test
    void aJobWithoutStagesReportsItsOwnFraction() {
        JobState state = fold(events.submitted(), events.started(1), events.progress(null, 0.4));

        assertThat(state.progress()).isEqualTo(0.4);
        assertThat(state.stages()).isEmpty();
    }

    @Test
    void unplannedStagesAreAddedWithTheirWeight() {
        JobState state = fold(events.submitted(), events.started(1), events.stageStarted("surprise"));

        assertThat(state.stages()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("surprise");
            assertThat(s.weight()).isEqualTo(1.0);
            assertThat(s.status()).isEqualTo(StageStatus.RUNNING);
        });
    }

    @Test
    void progressNeverGoesBackwardsWithinAnAttempt() {
        JobState state = fold(events.submitted(), events.started(1), events.progress(null, 0.6),
                events.progress(null, 0.3));

        assertThat(state.progress()).isEqualTo(0.6);
    }

    @Test
    void unitsGiveTheFractionAndTheRate() {
        JobState state = fold(events.submitted(), events.started(1), events.units(1000, 5000, "files"),
                events.units(1500, 5000, "files"));

        assertThat(state.progress()).isEqualTo(0.3);
        assertThat(state.units().current()).isEqualTo(1500);
        assertThat(state.units().total()).isEqualTo(5000);
        assertThat(state.units().unit()).isEqualTo("files");
        assertThat(state.units().perSecond()).isEqualTo(500.0);
    }

    @Test
    void countersKeepTheirLatestValueAndMessagesTheLatestLine() {
        JobState state = fold(events.submitted(), events.started(1),
                events.counters("scanning", Map.of("files", 10L, "issues", 1L)),
                events.counters(null, Map.of("files", 20L)));

        assertThat(state.counters()).containsExactlyInAnyOrderEntriesOf(Map.of("files", 20L, "issues", 1L));
        assertThat(state.message()).isEqualTo("scanning");
    }

    @Test
    void resourcesKeepTheLatestSampleAndThePeaks() {
        JobState state = fold(events.submitted(), events.started(1), events.resources(90, 500), events.resources(30,
                800));

        assertThat(state.resources().cpuPercent()).isEqualTo(30);
        assertThat(state.resources().rssBytes()).isEqualTo(800);
        assertThat(state.resources().peakCpuPercent()).isEqualTo(90);
        assertThat(state.resources().peakRssBytes()).isEqualTo(800);
    }

    @Test
    void checkpointsControlRequestsAndEtasAreKept() {
        JobState state = fold(events.submitted(), events.started(1), events.checkpoint("offset=7"),
                events.control(ControlAction.PAUSE), events.eta(60_000));

        assertThat(state.checkpoint().value()).isEqualTo("offset=7");
        assertThat(state.control().action()).isEqualTo(ControlAction.PAUSE);
        assertThat(state.control().requestedBy()).isEqualTo("alice");
        assertThat(state.eta().remainingMs()).isEqualTo(60_000);
        assertThat(state.eta().lowMs()).isEqualTo(30_000);
    }

    @Test
    void artifactsAreKeptOnePerNameInTheOrderFirstSavedAndTheLatestPreviewIsShown() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        String c = "c".repeat(64);
        JobState state = fold(events.submitted(), events.started(1), events.artifact("frame-25.png", a, true),
                events.artifact("report.txt", b, false), events.artifact("frame-25.png", c, true));

        assertThat(state.artifacts()).extracting(JobState.Artifact::name, JobState.Artifact::sha256)
                .containsExactly(tuple("frame-25.png", c), tuple("report.txt", b));
        assertThat(state.preview().sha256()).isEqualTo(c);
        assertThat(JobReducer.apply(state, events.artifact("report.txt", a, false)).preview().sha256())
                .as("an artifact that is no preview leaves the preview as it was").isEqualTo(c);
    }

    @Test
    void pauseAndResume() {
        JobState paused = fold(events.submitted(), events.started(1), events.paused());
        JobState resumed = JobReducer.apply(paused, events.resumed());

        assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
        assertThat(resumed.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aRetryWaitsThenTheNextAttemptStartsAfresh() {
        JobState retrying = fold(events.submitted(), events.started(1), events.progress(null, 0.7),
                events.retry(2));
        JobState second = JobReducer.apply(retrying, events.started(2));

        assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(retrying.retry().attempt()).isEqualTo(2);
        assertThat(retrying.retry().delayMs()).isEqualTo(2000);
        assertThat(second.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.progress()).isZero();
        assertThat(second.retry()).isNull();
        assertThat(second.startedAt()).isEqualTo(retrying.startedAt());
    }

    @Test
    void theHolderIsTheExecutorAJobWaitsOnRunsOnOrWaitsOnForItsNextAttemptAndNoneOnceHandedOver() {
        JobState submitted = fold(events.submitted());
        JobState claimed = JobReducer.apply(submitted, events.queued(1, 1));
        JobState running = JobReducer.apply(claimed, events.started(1));
        JobState retrying = JobReducer.apply(running, events.retry(2));
        JobState handedOver = JobReducer.apply(running, events.handedOver(2));

        assertThat(submitted.holder()).as("its request waits in the shared queue").isNull();
        assertThat(claimed.holder()).isEqualTo("executor-1");
        assertThat(running.holder()).isEqualTo("executor-1");
        assertThat(retrying.holder()).as("the executor's own retry").isEqualTo("executor-1");
        assertThat(handedOver.holder()).isNull();
        assertThat(handedOver.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(handedOver.retry().cause()).isEqualTo("executor-1 was lost");
        assertThat(JobReducer.apply(handedOver, events.queued(1, 1)).holder()).as("claimed again").isNotNull();
        assertThat(JobReducer.apply(running, events.succeeded()).holder()).isNull();
    }

    @Test
    void aJobPausedBeforeItStartedHearsWhereItWaits() {
        JobState paused = fold(events.submitted(), events.paused(), events.queued(1, 1));

        assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
        assertThat(paused.holder()).isEqualTo("executor-1");
    }

    @Test
    void eventsOfASupersededAttemptAreIgnored() {
        JobState state = fold(events.submitted(), events.started(1), events.started(2), events.started(1),
                events.retry(2));

        assertThat(state.attempt()).isEqualTo(2);
        assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void successCompletesEveryStage() {
        JobState state = fold(events.submitted(new StagePlan("a", 1), new StagePlan("b", 1)), events.started(1),
                events.eta(1000), events.succeeded());

        assertThat(state.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(state.progress()).isEqualTo(1.0);
        assertThat(state.stages()).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(StageStatus.COMPLETED);
            assertThat(s.fraction()).isEqualTo(1.0);
        });
        assertThat(state.outcome().summary()).isEqualTo("done");
        assertThat(state.eta()).isNull();
        assertThat(state.finishedAt()).isNotNull();
    }

    @Test
    void failureCancellationAndTimeoutSayWhy() {
        assertThat(fold(events.submitted(), events.started(1), events.failed()).outcome())
                .satisfies(o -> {
                    assertThat(o.error()).isEqualTo("exit code 2");
                    assertThat(o.exitCode()).isEqualTo(2);
                    assertThat(o.retryable()).isFalse();
                });
        assertThat(fold(events.submitted(), events.cancelled()).outcome())
                .satisfies(o -> {
                    assertThat(o.cancelReason()).isEqualTo("not needed");
                    assertThat(o.cancelledBy()).isEqualTo("bob");
                });
        assertThat(fold(events.submitted(), events.started(1), events.timedOut()))
                .satisfies(s -> {
                    assertThat(s.status()).isEqualTo(JobStatus.TIMED_OUT);
                    assertThat(s.outcome().timeoutMs()).isEqualTo(60_000);
                });
    }

    @Test
    void terminalStatesAreSticky() {
        JobState done = fold(events.submitted(), events.started(1), events.progress(null, 0.5), events.cancelled());
        JobState after = fold(done, events.started(2), events.progress(null, 0.9), events.resumed(),
                events.succeeded(), events.resources(50, 1));

        assertThat(after.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(after.progress()).isEqualTo(0.5);
        assertThat(after.attempt()).isEqualTo(1);
        assertThat(after.resources()).isNull();
        assertThat(after.eventCount()).isEqualTo(done.eventCount() + 5);
    }

    @Test
    void eventsBeforeTheSubmissionAreNotLost() {
        var submitted = events.submitted();
        JobState state = fold(events.started(1), events.progress(null, 0.5), submitted);

        assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(state.progress()).isEqualTo(0.5);
        assertThat(state.tenant()).isEqualTo("acme");
        assertThat(state.submittedAt()).isEqualTo(submitted.occurredAt());
    }

    @Test
    void externalJobsRunFromTheirFirstReport() {
        JobState state = fold(events.submitted(), events.stageStarted("load"));

        assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(state.attempt()).isEqualTo(1);
        assertThat(state.startedAt()).isNotNull();
    }

    @Test
    void unknownKindsChangeNothing() {
        JobState before = fold(events.submitted(), events.started(1));

        assertThat(JobReducer.apply(before, events.unknown())).isSameAs(before);
    }

    @Test
    void anotherJobsEventIsIgnored() {
        JobState state = JobState.initial("other-job");

        assertThat(JobReducer.apply(state, events.succeeded())).isSameAs(state);
        assertThat(JobReducer.apply(null, events.submitted()).jobId()).isEqualTo(JOB);
    }

    private JobState fold(ProgressEvent... all) {
        return JobReducer.fold(JOB, Arrays.asList(all));
    }

    private JobState fold(JobState state, ProgressEvent... more) {
        for (ProgressEvent event : more) {
            state = JobReducer.apply(state, event);
        }
        return state;
    }
}
