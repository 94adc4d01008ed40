package io.headway.eta.eval;

import io.headway.events.ProgressEvent;
import io.headway.events.state.JobStatus;
import io.headway.eta.model.CheckpointRecorder;
import io.headway.eta.model.CheckpointScore;
import io.headway.eta.model.Estimate;
import io.headway.eta.model.EtaModel;
import io.headway.eta.model.JobTrack;
import io.headway.eta.model.PublishPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays one log through several models side by side, as the service would see it: events in order, and the log's
 * clock ticking once a second through silences, so a stalled job's estimates move although it sends nothing. Each
 * model learns from every job when it succeeds, before later jobs start; each is scored at the moment a job first
 * reaches 10, 25, 50, 75 and 90 % of its (weighted) progress, against the time it really had left. Only jobs that
 * succeeded in their first attempt are scored: the others have no true remaining time.
 *
 * <p>The first model is the one whose estimates the service would publish; those go to {@code predictions} under
 * the same {@link PublishPolicy}.
 */
public final class Replay {

    /** How often the log's clock ticks through a silence, as the service's timer does. */
    static final long TICK_MS = 1_000;

    private final List<EtaModel> models;
    private final Consumer<Prediction> predictions;
    private final Map<String, JobTrack> jobs = new LinkedHashMap<>();
    private final List<CheckpointRecorder<Estimate>> recorders = new ArrayList<>();
    private final Map<String, Prediction> published = new HashMap<>();
    private final Map<String, List<CheckpointScore>> scores = new LinkedHashMap<>();
    private long clock = Long.MIN_VALUE;

    public Replay(List<EtaModel> models, Consumer<Prediction> predictions) {
        this.models = List.copyOf(models);
        this.predictions = predictions;
        for (EtaModel model : models) {
            recorders.add(new CheckpointRecorder<>());
            scores.put(model.name(), new ArrayList<>());
        }
    }

    /** Replays the events (in time order) and returns each model's scores, by model name. */
    public Map<String, List<CheckpointScore>> run(List<ProgressEvent> events) {
        for (ProgressEvent event : events) {
            long at = event.occurredAt().toEpochMilli();
            tickUntil(at);
            clock = Math.max(clock, at);
            accept(event);
        }
        return scores;
    }

    private void tickUntil(long at) {
        if (clock == Long.MIN_VALUE) {
            return;
        }
        while (clock + TICK_MS < at) {
            clock += TICK_MS;
            for (JobTrack job : jobs.values()) {
                if (job.running()) {
                    maybePublish(job.jobId(), clock);
                }
            }
        }
    }

    private void accept(ProgressEvent event) {
        String jobId = event.jobId();
        for (EtaModel model : models) {
            model.observe(event);
        }
        JobTrack job = jobs.computeIfAbsent(jobId, JobTrack::new);
        int attemptBefore = job.state().attempt();
        job.apply(event);
        long at = event.occurredAt().toEpochMilli();
        if (job.state().attempt() != attemptBefore) {
            recorders.forEach(r -> r.restart(jobId));
        }
        if (job.state().status().isTerminal()) {
            score(job);
            jobs.remove(jobId);
            published.remove(jobId);
            return;
        }
        for (int i = 0; i < models.size(); i++) {
            EtaModel model = models.get(i);
            recorders.get(i).progress(jobId, job.state().progress(), at,
                    () -> model.estimate(jobId, Instant.ofEpochMilli(at)).orElse(null));
        }
        if (job.running()) {
            maybePublish(jobId, at);
        }
    }

    private void maybePublish(String jobId, long now) {
        Estimate next = models.getFirst().estimate(jobId, Instant.ofEpochMilli(now)).orElse(null);
        if (next == null) {
            return;
        }
        Prediction last = published.get(jobId);
        if (PublishPolicy.shouldPublish(last == null ? null : last.estimate(), last == null ? 0 : last.atMs(), next,
                now)) {
            Prediction prediction = new Prediction(jobId, now, next);
            published.put(jobId, prediction);
            predictions.accept(prediction);
        }
    }

    private void score(JobTrack job) {
        boolean truthKnown = job.state().status() == JobStatus.SUCCEEDED && job.state().attempt() == 1
                && job.state().finishedAt() != null;
        long end = truthKnown ? job.state().finishedAt().toEpochMilli() : 0;
        for (int i = 0; i < models.size(); i++) {
            List<CheckpointRecorder.Reached<Estimate>> reached = recorders.get(i).finish(job.jobId());
            if (!truthKnown) {
                continue;
            }
            List<CheckpointScore> modelScores = scores.get(models.get(i).name());
            for (CheckpointRecorder.Reached<Estimate> checkpoint : reached) {
                long actual = Math.max(0, end - checkpoint.atMs());
                Estimate e = checkpoint.estimate();
                // No estimate at all counts as the worst useful one: "0 left", an error of 100 %.
                modelScores.add(e == null ? new CheckpointScore(checkpoint.level(), 0, 0, 0, actual)
                        : new CheckpointScore(checkpoint.level(), e.remainingMs(), e.lowMs(), e.highMs(), actual));
            }
        }
    }

    /** An estimate the service would have published for a job at {@code atMs}. */
    public record Prediction(String jobId, long atMs, Estimate estimate) {
    }
}
