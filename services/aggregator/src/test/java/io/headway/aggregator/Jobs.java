package io.headway.aggregator;

import io.headway.events.EtaEstimated;
import io.headway.events.JobFailed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressReported;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events of one test job, each a second after the previous one, starting now. */
final class Jobs {

    private final String jobId;
    private final String tenant;
    private final String batchId;
    private Instant clock;

    Jobs(String jobId, String tenant, String batchId) {
        this(jobId, tenant, batchId, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** A job whose events happen a second apart from {@code from} on. */
    Jobs(String jobId, String tenant, String batchId, Instant from) {
        this.jobId = jobId;
        this.tenant = tenant;
        this.batchId = batchId;
        this.clock = from;
    }

    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    JobSubmitted submitted(StagePlan... stages) {
        return new JobSubmitted(UUID.randomUUID(), jobId, tick(), "gateway", tenant, "demo", Map.of(), 0, batchId,
                Map.of("team", "data"), List.of(stages), false);
    }

    /** A job that code outside the platform reports itself, registered but not yet reporting. */
    JobSubmitted submittedExternal() {
        return new JobSubmitted(UUID.randomUUID(), jobId, tick(), "gateway", tenant, "import", Map.of(), 0, batchId,
                Map.of(), List.of(), true);
    }

    JobStarted started() {
        return new JobStarted(UUID.randomUUID(), jobId, tick(), "executor-1", 1, "executor-1", List.of());
    }

    StageStarted stageStarted(String stage) {
        return new StageStarted(UUID.randomUUID(), jobId, tick(), "executor-1", stage, null);
    }

    StageCompleted stageCompleted(String stage) {
        return new StageCompleted(UUID.randomUUID(), jobId, tick(), "executor-1", stage);
    }

    ProgressReported progress(String stage, double fraction) {
        return new ProgressReported(UUID.randomUUID(), jobId, tick(), "executor-1", stage, fraction, null, null,
                null, "working", Map.of("filesProcessed", Math.round(fraction * 100)));
    }

    EtaEstimated eta(long remainingMs) {
        return new EtaEstimated(UUID.randomUUID(), jobId, tick(), "eta-predictor", remainingMs, remainingMs / 2,
                remainingMs * 2, 0.8, "test");
    }

    JobSucceeded succeeded() {
        return new JobSucceeded(UUID.randomUUID(), jobId, tick(), "executor-1", "done");
    }

    JobFailed failed() {
        return new JobFailed(UUID.randomUUID(), jobId, tick(), "executor-1", "exit code 1", 1, false);
    }

    String jobId() {
        return jobId;
    }
}
