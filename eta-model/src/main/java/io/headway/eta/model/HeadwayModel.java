package io.headway.eta.model;

import io.headway.events.ProgressEvent;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.events.state.StageState;
import io.headway.events.state.StageStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Headway's ETA: history for what a job should take, live evidence for how this one is going, blended by how much
 * each can be trusted, with a range calibrated on past errors.
 *
 * <ol>
 *   <li><b>Expected-time progress.</b> History says how long each stage of jobs like this one takes ({@link
 *   TypeHistory}), so the fraction of the <em>time</em> a job has behind it, g, is the stages' completed shares of
 *   the expected time plus the running stage's share times its own fraction. Without history the stage weights
 *   stand in. A stage that is declared light but runs long therefore no longer skews the estimate.</li>
 *   <li><b>Speed.</b> k = how much slower than expected this job runs, from its whole life and its recent past,
 *   each with the variance its own noise implies ({@link LiveSpeed}): a stall makes it grow while no event arrives,
 *   and a change of pace midway shows before the average catches up.</li>
 *   <li><b>Blend.</b> ln k is shrunk toward the prior's 0 by inverse variance: the Bayesian weight of a noisy
 *   observation against a prior of spread σ, so a job of a type with steady history leans on history for longer, a
 *   steady job trusts itself early, and one with no history trusts its live rate alone.</li>
 *   <li><b>Remaining</b> = k × expected total × (1 − g), with a log-scale spread from the uncertainty left in k and
 *   the randomness of the work still to do, turned into an 80 % range by {@link Calibration}.</li>
 * </ol>
 *
 * <p>Deterministic: it reads no clock; the time is the events' and the caller's {@code now}. Not thread-safe.
 */
public final class HeadwayModel extends TrackingModel {

    public static final String NAME = "headway-blend-v1";
    /** The largest spread of the randomness still to come, on a log scale. */
    static final double MAX_FUTURE_VARIANCE = 1.0;
    private static final int MAX_LEARNT_IDS = 100_000;

    private final Map<String, TypeHistory> history = new HashMap<>();
    private final Map<String, Boolean> learnt = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_LEARNT_IDS;
        }
    };
    private final Map<String, Live> live = new HashMap<>();
    private final Calibration calibration = new Calibration();
    private final CheckpointRecorder<Raw> checkpoints = new CheckpointRecorder<>();
    private final Consumer<JobScore> scores;

    public HeadwayModel() {
        this(score -> {
        });
    }

    /** @param scores told of every succeeded job's scored estimates, as it finishes */
    public HeadwayModel(Consumer<JobScore> scores) {
        this.scores = scores;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void learn(FinishedJob job) {
        if (job.jobType() == null || learnt.putIfAbsent(job.jobId(), Boolean.TRUE) != null) {
            return;
        }
        history.computeIfAbsent(job.jobType(), k -> new TypeHistory()).add(job);
    }

    /** True if this job was learnt from already (here, or read from history), so reading it again adds nothing. */
    public boolean hasLearnt(String jobId) {
        return learnt.containsKey(jobId);
    }

    /** Adds a scored residual learnt before (history loaded at start), so the ranges stay calibrated. */
    public void calibrate(String jobType, double z) {
        calibration.add(jobType, z);
    }

    @Override
    protected void observed(JobTrack track, ProgressEvent event) {
        if (!track.running()) {
            return;
        }
        Live job = live.get(track.jobId());
        if (job == null || job.attemptStartMs != track.attemptStartMs()) {
            job = new Live(track.attemptStartMs(), priorFor(track.state()));
            live.put(track.jobId(), job);
            checkpoints.restart(track.jobId());
        }
        long at = event.occurredAt().toEpochMilli();
        // Progress is kept on the job's active clock: a pause is neither work nor slowness.
        job.progress.add(track.activeMs(at), expectedTimeProgress(track.state(), job.prior));
        Live current = job;
        checkpoints.progress(track.jobId(), track.state().progress(), at, () -> raw(track, current, at));
    }

    @Override
    protected void ended(JobTrack track) {
        Live job = live.remove(track.jobId());
        List<CheckpointRecorder.Reached<Raw>> reached = checkpoints.finish(track.jobId());
        JobState state = track.state();
        if (job == null || state.status() != JobStatus.SUCCEEDED || state.attempt() > 1 || state.finishedAt() == null
                || state.jobType() == null) {
            return; // no truth to score against, or no type to keep the score under
        }
        long end = state.finishedAt().toEpochMilli();
        List<CheckpointScore> scored = new ArrayList<>();
        List<Double> z = new ArrayList<>();
        for (CheckpointRecorder.Reached<Raw> checkpoint : reached) {
            Raw raw = checkpoint.estimate();
            if (raw == null) {
                continue;
            }
            long actual = Math.max(0, end - checkpoint.atMs());
            Estimate estimate = raw.estimate();
            scored.add(new CheckpointScore(checkpoint.level(), estimate.remainingMs(), estimate.lowMs(),
                    estimate.highMs(), actual));
            double residual = Math.log(Math.max(1, actual) / Math.max(1.0, raw.remainingMs())) / raw.sigma();
            z.add(residual);
            calibration.add(state.jobType(), residual);
        }
        if (!scored.isEmpty()) {
            scores.accept(new JobScore(state.jobId(), state.tenant(), state.jobType(), NAME, state.finishedAt(),
                    scored, z));
        }
    }

    @Override
    protected void forgotten(String jobId) {
        live.remove(jobId);
        checkpoints.finish(jobId);
    }

    @Override
    protected Optional<Estimate> estimate(JobTrack track, long nowMs) {
        Live job = live.get(track.jobId());
        if (job == null || job.attemptStartMs != track.attemptStartMs()) {
            return Optional.empty();
        }
        Raw raw = raw(track, job, nowMs);
        return raw == null ? Optional.empty() : Optional.of(raw.estimate());
    }

    private Prior priorFor(JobState state) {
        TypeHistory type = state.jobType() == null ? null : history.get(state.jobType());
        return type == null ? null : type.prior(state.parameters());
    }

    /** The uncalibrated estimate: remaining time and its log-scale spread, then the calibrated range. */
    private Raw raw(JobTrack track, Live job, long nowMs) {
        double elapsed = track.activeMs(nowMs);
        double g = job.progress.isEmpty() ? 0 : job.progress.lastFraction();
        Prior prior = job.prior;
        double remaining;
        double variance;
        if (g <= 0) {
            if (prior == null) {
                return null;
            }
            // Nothing done yet: history alone, knowing only that the job takes longer than it has run.
            remaining = Math.max(prior.totalMs(), elapsed * 1.25) - elapsed;
            variance = prior.sigma() * prior.sigma() + LiveSpeed.DEFAULT_NOISE;
        } else {
            double expectedTotal = prior != null ? prior.totalMs() : Math.max(1, elapsed / g);
            LiveSpeed speed = LiveSpeed.of(job.progress, job.steps(), 0, track.activeMs(nowMs), elapsed, expectedTotal);
            // History knows how fast jobs like this run over their whole life, so the whole-life speed is shrunk
            // toward it; a change of pace in this job's recent past is its own news, added on top.
            double logWhole = speed.whole();
            double wholeVariance = speed.wholeVariance();
            if (prior != null) {
                double priorVariance = prior.sigma() * prior.sigma();
                double weight = priorVariance / (priorVariance + wholeVariance);
                logWhole = weight * speed.whole();
                wholeVariance = priorVariance * (1 - weight);
            }
            double beta = speed.recentWeight();
            double logSpeed = logWhole + beta * (speed.recent() - speed.whole());
            double speedVariance = (1 - beta) * (1 - beta) * wholeVariance + beta * beta * speed.recentVariance();
            remaining = Math.exp(logSpeed) * expectedTotal * (1 - g);
            variance = speedVariance + Math.min(MAX_FUTURE_VARIANCE, speed.noise() / Math.max(1e-3, 1 - g));
        }
        double sigma = Math.sqrt(variance);
        double[] q = calibration.quantiles(track.state().jobType());
        long point = Math.round(remaining);
        long low = Math.min(point, Math.round(remaining * Math.exp(q[0] * sigma)));
        long high = Math.max(point, Math.round(remaining * Math.exp(q[1] * sigma)));
        return new Raw(remaining, sigma, new Estimate(point, Math.max(0, low), high, 0.8));
    }

    /**
     * The share of the expected time behind the job: completed stages' shares plus the running one's share times its
     * fraction. Shares come from history where it knows the stage, from the weights otherwise.
     *
     * <p>The time in which no stage runs counts too: the gap before each stage, behind the job once the stage has
     * started, and the tail after the last stage, never behind a running job. Left out, the stages' shares of the
     * time were each too large by the overhead's share, and the tail was missing from what is left: of a small job's
     * last tenth, the hand-over after its last item can be half.
     */
    static double expectedTimeProgress(JobState state, Prior prior) {
        List<StageState> stages = state.stages();
        if (stages.isEmpty() || prior == null || prior.stageMs().isEmpty()) {
            return state.progress();
        }
        double knownMs = 0;
        double knownWeight = 0;
        double unknownWeight = 0;
        double unstagedMs = prior.tailMs();
        for (StageState stage : stages) {
            Double ms = prior.stageMs().get(stage.name());
            if (ms != null) {
                knownMs += ms;
                knownWeight += stage.weight();
            } else {
                unknownWeight += stage.weight();
            }
            unstagedMs += prior.gapBeforeMs().getOrDefault(stage.name(), 0.0);
        }
        double msPerWeight = knownWeight > 0 ? knownMs / knownWeight : 1;
        double total = knownMs + unknownWeight * msPerWeight + unstagedMs;
        if (total <= 0) {
            return state.progress();
        }
        double done = 0;
        for (StageState stage : stages) {
            double ms = prior.stageMs().getOrDefault(stage.name(), stage.weight() * msPerWeight);
            done += ms * prior.timeShare(stage.name(), stage.fraction());
            if (stage.status() != StageStatus.PENDING) {
                done += prior.gapBeforeMs().getOrDefault(stage.name(), 0.0);
            }
        }
        return Math.min(1, Math.max(0, done / total));
    }

    /**
     * A job's live side: the prior fixed when its attempt started, its expected-time progress over time, and what its
     * steps between reports say, measured again only when a report has added a step (estimates come far more often:
     * every tick, for every running job).
     */
    private static final class Live {
        final long attemptStartMs;
        final Prior prior;
        final ProgressSeries progress = new ProgressSeries();
        private LiveSpeed.Steps steps;
        private int stepsMeasuredAt = -1;
        private long stepsLastTime;

        Live(long attemptStartMs, Prior prior) {
            this.attemptStartMs = attemptStartMs;
            this.prior = prior;
        }

        LiveSpeed.Steps steps() {
            if (steps == null || stepsMeasuredAt != progress.size() || stepsLastTime != progress.lastTime()) {
                steps = LiveSpeed.Steps.of(progress);
                stepsMeasuredAt = progress.size();
                stepsLastTime = progress.lastTime();
            }
            return steps;
        }
    }

    /** An estimate with the remaining time and spread it came from, kept to score and calibrate with. */
    private record Raw(double remainingMs, double sigma, Estimate estimate) {
    }
}
