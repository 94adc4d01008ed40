package io.headway.eta.baseline;

import io.headway.eta.model.EtaModel;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressReported;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds one job's events at chosen times (seconds after a fixed origin) and feeds them to a model. */
final class SyntheticJob {

    static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

    private final EtaModel model;
    private final String jobId;

    SyntheticJob(EtaModel model, String jobType, List<StagePlan> stages, double submittedAtSeconds) {
        this.model = model;
        this.jobId = jobType + "-" + UUID.randomUUID();
        model.observe(new JobSubmitted(UUID.randomUUID(), jobId, at(submittedAtSeconds), "test", "tenant-a", jobType,
                Map.of(), 0, null, Map.of(), stages, false));
    }

    /** A job of one stage, {@code work}, of the given type. */
    static SyntheticJob oneStage(EtaModel model, String jobType) {
        return new SyntheticJob(model, jobType, List.of(new StagePlan("work", 1)), 0);
    }

    String id() {
        return jobId;
    }

    SyntheticJob started(double seconds) {
        model.observe(new JobStarted(UUID.randomUUID(), jobId, at(seconds), "test", 1, "executor-1", List.of()));
        return this;
    }

    SyntheticJob stageStarted(String stage, double seconds) {
        model.observe(new StageStarted(UUID.randomUUID(), jobId, at(seconds), "test", stage, null));
        return this;
    }

    SyntheticJob items(String stage, long current, long total, double seconds) {
        model.observe(new ProgressReported(UUID.randomUUID(), jobId, at(seconds), "test", stage, null, current, total,
                "items", null, Map.of()));
        return this;
    }

    SyntheticJob stageCompleted(String stage, double seconds) {
        model.observe(new StageCompleted(UUID.randomUUID(), jobId, at(seconds), "test", stage));
        return this;
    }

    SyntheticJob succeeded(double seconds) {
        model.observe(new JobSucceeded(UUID.randomUUID(), jobId, at(seconds), "test", null));
        return this;
    }

    /** A one-stage job that runs from {@code start} to {@code end} seconds at a steady pace, reporting 10 times. */
    static void ranSteadily(EtaModel model, String jobType, double start, double end) {
        SyntheticJob job = oneStage(model, jobType).started(start).stageStarted("work", start);
        for (int i = 1; i <= 10; i++) {
            job.items("work", i, 10, start + (end - start) * i / 10);
        }
        job.stageCompleted("work", end).succeeded(end);
    }

    /** The model's remaining time at {@code seconds}, in milliseconds, or -1 when it has no estimate. */
    long remainingMs(double seconds) {
        return model.estimate(jobId, at(seconds)).map(e -> e.remainingMs()).orElse(-1L);
    }

    static Instant at(double seconds) {
        return ORIGIN.plusMillis(Math.round(seconds * 1000));
    }
}
