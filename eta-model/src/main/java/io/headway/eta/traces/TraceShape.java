package io.headway.eta.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The kinds of job the trace suite holds, each a way real jobs make an ETA hard, with the fixed seed its file is
 * drawn from. Unless a shape says otherwise a job has three stages, {@code fetch}, {@code process} and
 * {@code publish}, declared with weights 1, 3 and 1 and truly taking 20 %, 60 % and 20 % of its time, every item of a
 * stage taking its nominal time with mild noise (lognormal, σ 0.15), and the whole job slowed or sped up by its
 * machine's speed factor (lognormal, median 1, σ 0.3). Changing a shape changes its checked-in trace: regenerate it.
 */
public enum TraceShape {

    /** The easy case: weights match the time each stage takes and items take the same time but for mild noise. */
    STEADY("steady", 0x5EAD_0001L) {
        @Override
        SimulatedJob draw(Random random) {
            double speed = speed(random);
            return standard(random, 90_000 * speed, WEIGHTS_1_3_1, SHARES_20_60_20, ITEMS_20_60_20, Noise.MILD);
        }
    },

    /** A cold start: the first 20 % of the main stage's items take three times as long (caches, JIT, connections). */
    SLOW_WARMUP("slow-warmup", 0x5EAD_0002L) {
        @Override
        SimulatedJob draw(Random random) {
            Drawn items = items(random, 120_000 * speed(random), SHARES_20_60_20, ITEMS_20_60_20, Noise.MILD);
            items.slowDown(1, 0, items.ms[1].length / 5, 3.0);
            return threeStages(Map.of(), WEIGHTS_1_3_1, items);
        }
    },

    /**
     * A job that runs into trouble: half the jobs slow down 2 to 3 times from somewhere between 40 % and 60 % of the
     * main stage on, to their end (contention, throttling, a degraded disk); the other half run as planned.
     */
    SLOWDOWN_MIDWAY("slowdown-midway", 0x5EAD_0003L) {
        @Override
        SimulatedJob draw(Random random) {
            Drawn items = items(random, 150_000 * speed(random), SHARES_20_60_20, ITEMS_20_60_20, Noise.MILD);
            if (random.nextBoolean()) {
                double factor = Draw.uniform(random, 2, 3);
                int from = (int) (items.ms[1].length * Draw.uniform(random, 0.4, 0.6));
                items.slowDown(1, from, items.ms[1].length, factor);
                items.slowDown(2, 0, items.ms[2].length, factor);
            }
            return threeStages(Map.of(), WEIGHTS_1_3_1, items);
        }
    },

    /**
     * Silent pauses: 1 to 3 stalls, each 5 % to 20 % of the job's duration without them, at random items, during
     * which the job sends nothing (a lock wait, a GC storm, a retrying network call); not a {@code JobPaused}.
     */
    STALLS("stalls", 0x5EAD_0004L) {
        @Override
        SimulatedJob draw(Random random) {
            Drawn items = items(random, 120_000 * speed(random), SHARES_20_60_20, ITEMS_20_60_20, Noise.MILD);
            double duration = 0;
            int count = 0;
            for (double[] stage : items.ms) {
                duration += sum(stage);
                count += stage.length;
            }
            int stalls = 1 + random.nextInt(3);
            for (int i = 0; i < stalls; i++) {
                double stallMs = duration * Draw.uniform(random, 0.05, 0.20);
                int item = random.nextInt(count);
                // A stall is the item's own bad luck, not the job's pace: it goes into the item's time, not its mean.
                for (double[] stage : items.ms) {
                    if (item < stage.length) {
                        stage[item] += stallMs;
                        break;
                    }
                    item -= stage.length;
                }
            }
            return threeStages(Map.of(), WEIGHTS_1_3_1, items);
        }
    },

    /** Equal weights that hide one stage taking 85 % of the time (5 %, 85 %, 10 %): progress crawls through it. */
    DOMINANT_STAGE("dominant-stage", 0x5EAD_0005L) {
        @Override
        SimulatedJob draw(Random random) {
            double speed = speed(random);
            return standard(random, 200_000 * speed, new double[] {1, 1, 1}, new double[] {0.05, 0.85, 0.10},
                    new int[] {10, 80, 10}, Noise.MILD);
        }
    },

    /** Items whose durations vary as much as their mean (exponential, coefficient of variation 1). */
    NOISY_RATE("noisy-rate", 0x5EAD_0006L) {
        @Override
        SimulatedJob draw(Random random) {
            double speed = speed(random);
            return standard(random, 150_000 * speed, WEIGHTS_1_3_1, SHARES_20_60_20, ITEMS_20_60_20,
                    Noise.EXPONENTIAL);
        }
    },

    /**
     * Duration set by a parameter: {@code size} (log-uniform from 10 to 2000) is the number of items of the main
     * stage, and the job takes a fixed 20 s of setup in {@code fetch} plus 0.25 s per item in {@code process} and
     * 0.05 s per item in {@code publish} (about 23 s to 10 min at speed 1), so it grows in proportion to {@code size}
     * but for the setup. {@code team} (one of four) changes nothing: a model should learn to ignore it.
     */
    SIZE_DEPENDENT("size-dependent", 0x5EAD_0007L) {
        @Override
        SimulatedJob draw(Random random) {
            int size = (int) Math.round(Draw.logUniform(random, 10, 2000));
            String team = TEAMS.get(random.nextInt(TEAMS.size()));
            double speed = speed(random);
            Drawn items = new Drawn(3, Noise.MILD);
            items.perItem(random, 0, 20, 20_000 * speed / 20);
            items.perItem(random, 1, size, 250 * speed);
            items.perItem(random, 2, 20, 50 * size * speed / 20);
            return threeStages(Map.of("size", Integer.toString(size), "team", team), WEIGHTS_1_3_1, items);
        }
    },

    /** Weights that lie: declared 1, 3, 1 but truly 50 %, 20 %, 30 %, so weighted progress runs unevenly. */
    WEIGHTS_DISAGREE("weights-disagree", 0x5EAD_0008L) {
        @Override
        SimulatedJob draw(Random random) {
            double speed = speed(random);
            return standard(random, 160_000 * speed, WEIGHTS_1_3_1, new double[] {0.5, 0.2, 0.3},
                    new int[] {30, 40, 30}, Noise.MILD);
        }
    },

    /** Items whose durations are Pareto (α 1.5, infinite variance): most are quick, a few take very long. */
    HEAVY_TAILED("heavy-tailed", 0x5EAD_0009L) {
        @Override
        SimulatedJob draw(Random random) {
            double speed = speed(random);
            return standard(random, 120_000 * speed, WEIGHTS_1_3_1, SHARES_20_60_20, ITEMS_20_60_20, Noise.PARETO);
        }
    };

    static final List<String> STAGES = List.of("fetch", "process", "publish");

    /** At most this many progress reports per stage; larger stages report every few items. */
    static final int MAX_REPORTS_PER_STAGE = 80;

    private static final double SPEED_SIGMA = 0.3;
    private static final double MILD_SIGMA = 0.15;
    private static final double PARETO_ALPHA = 1.5;
    private static final double[] WEIGHTS_1_3_1 = {1, 3, 1};
    private static final double[] SHARES_20_60_20 = {0.2, 0.6, 0.2};
    private static final int[] ITEMS_20_60_20 = {20, 60, 20};
    private static final List<String> TEAMS = List.of("payments", "search", "ads", "infra");

    private final String shapeName;
    private final long seed;

    TraceShape(String shapeName, long seed) {
        this.shapeName = shapeName;
        this.seed = seed;
    }

    /** The name of the shape: the job type of its jobs and the name of its file. */
    public String shapeName() {
        return shapeName;
    }

    /** The seed its trace is drawn from. */
    public long seed() {
        return seed;
    }

    /** Draws one job; the random source is shared by all jobs of the trace, in order. */
    abstract SimulatedJob draw(Random random);

    /** How an item's duration varies around its nominal value; every kind has mean 1. */
    enum Noise {
        MILD, EXPONENTIAL, PARETO;

        double draw(Random random) {
            return switch (this) {
                case MILD -> Draw.mild(random, MILD_SIGMA);
                case EXPONENTIAL -> Draw.exponential(random);
                case PARETO -> Draw.pareto(random, PARETO_ALPHA);
            };
        }
    }

    private static double speed(Random random) {
        return Draw.speedFactor(random, SPEED_SIGMA);
    }

    private static SimulatedJob standard(
            Random random, double durationMs, double[] weights, double[] shares, int[] counts, Noise noise) {
        return threeStages(Map.of(), weights, items(random, durationMs, shares, counts, noise));
    }

    /** Item durations of the three stages: stage {@code i} takes {@code shares[i]} of {@code durationMs}. */
    private static Drawn items(Random random, double durationMs, double[] shares, int[] counts, Noise noise) {
        Drawn items = new Drawn(counts.length, noise);
        for (int i = 0; i < counts.length; i++) {
            items.perItem(random, i, counts[i], durationMs * shares[i] / counts[i]);
        }
        return items;
    }

    /**
     * A job's item times per stage as drawn ({@code ms}), and what each was expected to take given the job's hidden
     * parameters ({@code meanMs}): the same numbers drawn in the same order as before the means were kept, so the
     * traces did not change.
     */
    private static final class Drawn {

        final double[][] ms;
        final double[][] meanMs;
        final Noise noise;

        Drawn(int stages, Noise noise) {
            this.ms = new double[stages][];
            this.meanMs = new double[stages][];
            this.noise = noise;
        }

        void perItem(Random random, int stage, int count, double itemMeanMs) {
            ms[stage] = new double[count];
            meanMs[stage] = new double[count];
            for (int i = 0; i < count; i++) {
                ms[stage][i] = itemMeanMs * noise.draw(random);
                meanMs[stage][i] = itemMeanMs;
            }
        }

        void slowDown(int stage, int from, int to, double factor) {
            for (int i = from; i < to; i++) {
                ms[stage][i] *= factor;
                meanMs[stage][i] *= factor;
            }
        }
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum;
    }

    private static SimulatedJob threeStages(Map<String, String> parameters, double[] weights, Drawn items) {
        List<SimulatedJob.Stage> stages = new ArrayList<>();
        for (int i = 0; i < items.ms.length; i++) {
            int count = items.ms[i].length;
            int reportEvery = Math.max(1, (count + MAX_REPORTS_PER_STAGE - 1) / MAX_REPORTS_PER_STAGE);
            stages.add(new SimulatedJob.Stage(STAGES.get(i), weights[i], items.ms[i], items.meanMs[i], items.noise,
                    reportEvery));
        }
        return new SimulatedJob(parameters, stages);
    }
}
