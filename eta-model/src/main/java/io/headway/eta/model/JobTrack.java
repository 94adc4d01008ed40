package io.headway.eta.model;

import io.headway.events.EtaEstimated;
import io.headway.events.JobPaused;
import io.headway.events.JobResumed;
import io.headway.events.ProgressEvent;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.events.state.StageState;
import io.headway.events.state.StageStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every model needs to know of one job: its state (folded with the shared {@link JobReducer}), when its current
 * attempt started, how long it has been paused, its progress over time and when each stage began and ended. Times
 * are log time (the events' {@code occurredAt}), never the wall clock.
 */
public final class JobTrack {

    private JobState state;
    private int attempt;
    private long attemptStartMs = -1;
    private long pausedMs;
    private long pausedSinceMs = -1;
    private final ProgressSeries progress = new ProgressSeries();
    private final Map<String, ProgressSeries> stageProgress = new HashMap<>();

    public JobTrack(String jobId) {
        this.state = JobState.initial(jobId);
    }

    /** Folds one event in. Estimates (a model's own output) change nothing a model learns from. */
    public void apply(ProgressEvent event) {
        if (event instanceof EtaEstimated) {
            return;
        }
        long at = event.occurredAt().toEpochMilli();
        state = JobReducer.apply(state, event);
        if (state.attempt() != attempt || (attemptStartMs < 0 && state.status() == JobStatus.RUNNING)) {
            startAttempt(at);
        }
        switch (event) {
            case JobPaused p when pausedSinceMs < 0 -> pausedSinceMs = at;
            case JobResumed r when pausedSinceMs >= 0 -> {
                pausedMs += Math.max(0, at - pausedSinceMs);
                pausedSinceMs = -1;
            }
            default -> {
            }
        }
        if (attemptStartMs >= 0 && !state.status().isTerminal()) {
            progress.add(at, state.progress());
            for (StageState stage : state.stages()) {
                if (stage.startedAt() != null && stage.status() != StageStatus.PENDING) {
                    ProgressSeries series = stageProgress.computeIfAbsent(stage.name(), k -> new ProgressSeries());
                    if (series.isEmpty()) {
                        series.add(Math.max(attemptStartMs, stage.startedAt().toEpochMilli()), 0);
                    }
                    series.add(at, stage.fraction());
                }
            }
        }
    }

    private void startAttempt(long at) {
        attempt = state.attempt();
        attemptStartMs = at;
        pausedMs = 0;
        pausedSinceMs = -1;
        progress.clear();
        stageProgress.clear();
    }

    public String jobId() {
        return state.jobId();
    }

    public JobState state() {
        return state;
    }

    /** True while the job has started and not ended. */
    public boolean running() {
        return attemptStartMs >= 0 && !state.status().isTerminal();
    }

    /** When the current attempt started, in log milliseconds, or -1 before it has. */
    public long attemptStartMs() {
        return attemptStartMs;
    }

    /** The time the current attempt has been running at {@code nowMs}, pauses excluded. */
    public long activeMs(long nowMs) {
        if (attemptStartMs < 0) {
            return 0;
        }
        long paused = pausedMs + (pausedSinceMs >= 0 ? Math.max(0, nowMs - pausedSinceMs) : 0);
        return Math.max(0, nowMs - attemptStartMs - paused);
    }

    /** Overall progress (the reducer's weighted fraction) over the current attempt's time. */
    public ProgressSeries progress() {
        return progress;
    }

    /**
     * What a model may learn from this job: present once it has succeeded in its first attempt (a retried job's last
     * attempt resumed part-way, so its times would mislead).
     */
    public Optional<FinishedJob> finished() {
        if (attemptStartMs < 0 || state.finishedAt() == null) {
            return Optional.empty();
        }
        return FinishedJob.of(state, activeMs(state.finishedAt().toEpochMilli()), stageProgress);
    }
}
