package io.headway.events.state;

import io.headway.events.ArtifactSaved;
import io.headway.events.CheckpointSaved;
import io.headway.events.ControlAction;
import io.headway.events.ControlRequested;
import io.headway.events.EtaEstimated;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobPaused;
import io.headway.events.JobQueued;
import io.headway.events.JobResumed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.JobTimedOut;
import io.headway.events.ProgressReported;
import io.headway.events.ResourceSampled;
import io.headway.events.RetryScheduled;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.UnrecognizedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Terse constructors for one job's events in reducer tests, each a second after the previous one. */
final class Events {

    static final String JOB = "job-1";
    private static final String SOURCE = "executor-1";
    private Instant clock = Instant.parse("2026-11-24T10:00:00Z");

    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    JobSubmitted submitted(StagePlan... stages) {
        return new JobSubmitted(UUID.randomUUID(), JOB, tick(), "gateway", "acme", "demo", Map.of("n", "1"), 3,
                "batch-1", Map.of("team", "data"), List.of(stages), false);
    }

    JobQueued queued(int position, int waiting) {
        return new JobQueued(UUID.randomUUID(), JOB, tick(), SOURCE, position, waiting, SOURCE);
    }

    JobStarted started(int attempt, StagePlan... stages) {
        return new JobStarted(UUID.randomUUID(), JOB, tick(), SOURCE, attempt, SOURCE, List.of(stages));
    }

    StageStarted stageStarted(String stage) {
        return new StageStarted(UUID.randomUUID(), JOB, tick(), SOURCE, stage, null);
    }

    StageCompleted stageCompleted(String stage) {
        return new StageCompleted(UUID.randomUUID(), JOB, tick(), SOURCE, stage);
    }

    ProgressReported progress(String stage, double fraction) {
        return new ProgressReported(UUID.randomUUID(), JOB, tick(), SOURCE, stage, fraction, null, null, null, null,
                Map.of());
    }

    ProgressReported units(long current, long total, String unit) {
        return new ProgressReported(UUID.randomUUID(), JOB, tick(), SOURCE, null, null, current, total, unit, null,
                Map.of());
    }

    ProgressReported counters(String message, Map<String, Long> counters) {
        return new ProgressReported(UUID.randomUUID(), JOB, tick(), SOURCE, null, null, null, null, null, message,
                counters);
    }

    ResourceSampled resources(double cpu, long rss) {
        return new ResourceSampled(UUID.randomUUID(), JOB, tick(), SOURCE, cpu, rss, 10, 20);
    }

    CheckpointSaved checkpoint(String value) {
        return new CheckpointSaved(UUID.randomUUID(), JOB, tick(), SOURCE, value, null);
    }

    ArtifactSaved artifact(String name, String sha256, boolean preview) {
        return new ArtifactSaved(UUID.randomUUID(), JOB, tick(), SOURCE, name, "image/png", 100, sha256,
                "jobs/" + JOB + "/" + sha256, null, preview, null);
    }

    ControlRequested control(ControlAction action) {
        return new ControlRequested(UUID.randomUUID(), JOB, tick(), "gateway", action, "because", "alice");
    }

    JobPaused paused() {
        return new JobPaused(UUID.randomUUID(), JOB, tick(), SOURCE);
    }

    JobResumed resumed() {
        return new JobResumed(UUID.randomUUID(), JOB, tick(), SOURCE);
    }

    /** The next attempt handed to whichever executor is free, as a lost executor's job is. */
    RetryScheduled handedOver(int attempt) {
        return new RetryScheduled(UUID.randomUUID(), JOB, tick(), "aggregator", attempt, 0, "executor-1 was lost",
                null);
    }

    RetryScheduled retry(int attempt) {
        return new RetryScheduled(UUID.randomUUID(), JOB, tick(), SOURCE, attempt, 2000, "exit code 75", SOURCE);
    }

    EtaEstimated eta(long remainingMs) {
        return new EtaEstimated(UUID.randomUUID(), JOB, tick(), "eta-predictor", remainingMs, remainingMs / 2,
                remainingMs * 2, 0.8, "median");
    }

    JobSucceeded succeeded() {
        return new JobSucceeded(UUID.randomUUID(), JOB, tick(), SOURCE, "done");
    }

    JobFailed failed() {
        return new JobFailed(UUID.randomUUID(), JOB, tick(), SOURCE, "exit code 2", 2, false);
    }

    JobCancelled cancelled() {
        return new JobCancelled(UUID.randomUUID(), JOB, tick(), SOURCE, "not needed", "bob");
    }

    JobTimedOut timedOut() {
        return new JobTimedOut(UUID.randomUUID(), JOB, tick(), SOURCE, 60_000);
    }

    UnrecognizedEvent unknown() {
        return new UnrecognizedEvent(UUID.randomUUID(), JOB, tick(), "future", "JobTeleported", "{}");
    }
}
