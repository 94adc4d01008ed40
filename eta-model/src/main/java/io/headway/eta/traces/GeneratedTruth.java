package io.headway.eta.traces;

import io.headway.events.JobSubmitted;
import io.headway.events.ProgressEvent;
import io.headway.events.state.JobState;
import io.headway.events.state.StageState;
import io.headway.events.state.StageStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What the generator knew of a synthetic trace's jobs that no estimator can: each job's hidden parameters (its
 * machine's speed, its size, where it warms up or slows down), as the expected time of every item, and how each
 * item's time was drawn around that. The evaluator's hindsight floor reads it to say how well an estimator could do at
 * best, knowing everything about a job but the luck of the items it has still to run.
 *
 * <p>Found only for a trace the generator wrote with its current code: the trace is generated again from its shape's
 * seed and must match event for event (ids and times).
 */
public final class GeneratedTruth {

    private final Map<String, SimulatedJob> jobs;

    private GeneratedTruth(Map<String, SimulatedJob> jobs) {
        this.jobs = jobs;
    }

    /** The truth behind a trace, if it is one of the suite's shapes exactly as the generator writes it. */
    public static Optional<GeneratedTruth> of(List<ProgressEvent> events) {
        List<JobSubmitted> submitted = events.stream().filter(JobSubmitted.class::isInstance)
                .map(JobSubmitted.class::cast).toList();
        if (submitted.isEmpty()) {
            return Optional.empty();
        }
        String type = submitted.getFirst().jobType();
        Optional<TraceShape> shape = Arrays.stream(TraceShape.values())
                .filter(s -> s.shapeName().equals(type)).findFirst();
        if (shape.isEmpty() || submitted.stream().anyMatch(s -> !type.equals(s.jobType()))) {
            return Optional.empty();
        }
        TraceGenerator.Generated generated = TraceGenerator.generate(shape.get(), submitted.size());
        List<ProgressEvent> expected = generated.events();
        if (expected.size() != events.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).eventId().equals(events.get(i).eventId())
                    || !expected.get(i).occurredAt().equals(events.get(i).occurredAt())) {
                return Optional.empty();
            }
        }
        return Optional.of(new GeneratedTruth(generated.jobs()));
    }

    /** True when the job is one of the trace's. */
    public boolean knows(String jobId) {
        return jobs.containsKey(jobId);
    }

    /**
     * The time a job in {@code state} still had to run, drawn {@code n} times as the generator would draw it knowing
     * the job's hidden parameters: each remaining item its expected time × a fresh draw of the item noise, plus the
     * silences before the stages still to start and before the end. Stalls are left out: where a stall falls is the
     * item's luck, and a point estimate that expects one in the last items is worse far more often than better.
     */
    public double[] sampleRemainingMs(String jobId, JobState state, int n, Random random) {
        SimulatedJob job = jobs.get(jobId);
        double[] samples = new double[n];
        List<Remaining> remaining = remaining(job, state);
        for (int s = 0; s < n; s++) {
            double total = 0;
            for (Remaining part : remaining) {
                if (part.gapBefore()) {
                    total += Draw.uniform(random, TraceGenerator.STAGE_GAP_MS[0], TraceGenerator.STAGE_GAP_MS[1]);
                }
                double[] mean = part.stage().meanItemMs();
                for (int i = part.fromItem(); i < mean.length; i++) {
                    total += mean[i] * part.stage().noise().draw(random);
                }
            }
            total += Draw.uniform(random, TraceGenerator.END_GAP_MS[0], TraceGenerator.END_GAP_MS[1]);
            samples[s] = total;
        }
        return samples;
    }

    /** The expected time left of a job in {@code state}, knowing its hidden parameters (stalls left out). */
    public double expectedRemainingMs(String jobId, JobState state) {
        double total = (TraceGenerator.END_GAP_MS[0] + TraceGenerator.END_GAP_MS[1]) / 2;
        for (Remaining part : remaining(jobs.get(jobId), state)) {
            if (part.gapBefore()) {
                total += (TraceGenerator.STAGE_GAP_MS[0] + TraceGenerator.STAGE_GAP_MS[1]) / 2;
            }
            total += part.stage().meanMsFrom(part.fromItem());
        }
        return total;
    }

    /** Per stage with work left: from which item on, and whether its start is still to come. */
    private static List<Remaining> remaining(SimulatedJob job, JobState state) {
        List<Remaining> parts = new ArrayList<>();
        for (SimulatedJob.Stage stage : job.stages()) {
            StageState seen = state.stages().stream().filter(s -> s.name().equals(stage.name())).findFirst()
                    .orElse(null);
            if (seen == null || seen.status() == StageStatus.PENDING) {
                parts.add(new Remaining(stage, 0, true));
            } else if (seen.status() != StageStatus.COMPLETED) {
                int done = (int) Math.round(seen.fraction() * stage.items());
                if (done < stage.items()) {
                    parts.add(new Remaining(stage, done, false));
                }
            }
        }
        return parts;
    }

    private record Remaining(SimulatedJob.Stage stage, int fromItem, boolean gapBefore) {
    }
}
