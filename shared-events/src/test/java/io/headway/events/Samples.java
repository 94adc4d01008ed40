package io.headway.events;

import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One fully populated sample of every record kind: every optional field set, so a round trip checks all of them. */
public final class Samples {

    public static final Instant AT = Instant.parse("2026-11-24T10:15:30.123Z");
    public static final String JOB = "job-sample-1";
    public static final String SOURCE = "executor-1";

    private Samples() {
    }

    /** Every kind of {@link ProgressEvent} except {@link UnrecognizedEvent}, in a plausible order. */
    public static List<ProgressEvent> progressEvents() {
        return List.of(
                new JobSubmitted(id(), JOB, AT, "gateway", "acme", "demo", Map.of("size", "10"), 5, "batch-1",
                        Map.of("team", "data"), List.of(new StagePlan("fetch", 1), new StagePlan("scan", 3)), false),
                new JobQueued(id(), JOB, AT, SOURCE, 2, 3, SOURCE),
                new JobStarted(id(), JOB, AT, SOURCE, 1, SOURCE, List.of(new StagePlan("fetch", 1))),
                new StageStarted(id(), JOB, AT, SOURCE, "fetch", 2.5),
                new ProgressReported(id(), JOB, AT, SOURCE, "fetch", 0.25, 1200L, 5000L, "files", "scanning src",
                        Map.of("filesProcessed", 1200L, "issuesFound", 3L)),
                new StageCompleted(id(), JOB, AT, SOURCE, "fetch"),
                new ResourceSampled(id(), JOB, AT, SOURCE, 87.5, 104_857_600L, 4096L, 8192L),
                new CheckpointSaved(id(), JOB, AT, SOURCE, "offset=1200", "scan"),
                new ArtifactSaved(id(), JOB, AT, SOURCE, "frame-050.png", "image/png", 2048L, "0".repeat(64),
                        "jobs/" + JOB + "/" + "0".repeat(64), "jobs/" + JOB + "/" + "0".repeat(64) + ".thumb.png", true,
                        "scan"),
                new ControlRequested(id(), JOB, AT, "gateway", ControlAction.PAUSE, "maintenance", "alice"),
                new JobPaused(id(), JOB, AT, SOURCE),
                new JobResumed(id(), JOB, AT, SOURCE),
                new RetryScheduled(id(), JOB, AT, SOURCE, 2, 1500L, "exit code 75", "executor-1"),
                new EtaEstimated(id(), JOB, AT, "eta-predictor", 60_000L, 45_000L, 90_000L, 0.8, "stage-median"),
                new JobSucceeded(id(), JOB, AT, SOURCE, "12 tests passed"),
                new JobFailed(id(), JOB, AT, SOURCE, "exit code 2", 2, false),
                new JobCancelled(id(), JOB, AT, SOURCE, "no longer needed", "bob"),
                new JobTimedOut(id(), JOB, AT, SOURCE, 3_600_000L));
    }

    /** One sample of every record written to a topic other than {@code headway.progress}. */
    public static List<Object> otherRecords() {
        JobState state = JobReducer.fold(JOB, progressEvents().subList(0, 13));
        return List.of(
                new LogBatch(id(), JOB, 1, SOURCE, AT, List.of(
                        new LogLine(1, AT, LogStream.STDOUT, LogLevel.INFO, "starting"),
                        new LogLine(2, AT, LogStream.STDERR, LogLevel.ERROR, "disk almost full"))),
                new JobRequest(JOB, "acme", "demo", Map.of("size", "10"), 5, "batch-1", Map.of("team", "data"),
                        60_000L, 3, AT, "alice"),
                new ControlIntent(id(), JOB, "acme", ControlAction.CANCEL, "wrong input", "alice", AT),
                JobSnapshot.of(state),
                new Alert(id(), JOB, "acme", "STALLED", AlertSeverity.WARNING, AlertState.RAISED,
                        "no progress for 5 minutes", null, AT, AT),
                new ExecutorHeartbeat("executor-1", AT, 4, 2, 1, Map.of("demo", 2), false));
    }

    public static UUID id() {
        return UUID.randomUUID();
    }
}
