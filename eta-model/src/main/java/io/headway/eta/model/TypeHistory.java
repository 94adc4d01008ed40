package io.headway.eta.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finished jobs of one type, and what they say about the next one: a {@link Prior}.
 *
 * <p>Durations are modelled on a log scale, where job-to-job variation is roughly symmetric: the total and each
 * stage as a median, or, when numeric parameters explain much of the spread (a {@code size}, an item count, a delay
 * per item), as a power law of up to {@link #MAX_PARAMETERS} of them fitted with Theil–Sen slopes. A parameter is
 * used only when it cuts the spread of what is left by at least {@link #USEFUL_PARAMETER}, so labels and parameters
 * that do not change durations are ignored.
 * Keeps the most recent {@link #MAX_JOBS} jobs, so a type whose durations drift follows the drift.
 */
final class TypeHistory {

    static final int MAX_JOBS = 300;
    /** A parameter must leave at most this share of the spread to be used. */
    static final double USEFUL_PARAMETER = 0.7;
    /** Jobs needed before a parameter is tried. */
    static final int MIN_JOBS_FOR_PARAMETER = 5;
    /** The most parameters a duration is modelled on. */
    static final int MAX_PARAMETERS = 2;
    /** The spread assumed before there is history to measure it, and its weight in pseudo-jobs. */
    static final double DEFAULT_SIGMA = 0.5;
    static final double DEFAULT_SIGMA_WEIGHT = 2;
    /** Jobs with a known curve needed before a stage's time is spread along it rather than evenly. */
    static final int MIN_CURVES = 3;

    private final Deque<FinishedJob> jobs = new ArrayDeque<>();
    private Fit fit;

    void add(FinishedJob job) {
        if (job.durationMs() <= 0) {
            return;
        }
        jobs.addLast(job);
        if (jobs.size() > MAX_JOBS) {
            jobs.removeFirst();
        }
        fit = null;
    }

    /** What history expects of a job with these parameters, or null before any job of the type has finished. */
    Prior prior(Map<String, String> parameters) {
        if (jobs.isEmpty()) {
            return null;
        }
        if (fit == null) {
            fit = fit(List.copyOf(jobs));
        }
        double[] x = values(fit.parameters, parameters);
        Map<String, Double> stages = new LinkedHashMap<>();
        fit.stages.forEach((name, line) -> stages.put(name, Math.exp(line.at(x))));
        return new Prior(Math.exp(fit.total.at(x)), stages, fit.curves, fit.sigma, jobs.size(),
                x == null ? null : String.join(",", fit.parameters), fit.gapsBefore, fit.tailMs);
    }

    private static Fit fit(List<FinishedJob> jobs) {
        double[] logTotals = jobs.stream().mapToDouble(j -> Math.log(Math.max(1, j.durationMs()))).toArray();
        List<String> chosen = chooseParameters(jobs, logTotals);
        double[][] x = columns(jobs, chosen);
        LogLinear total = LogLinear.fit(x, logTotals);
        double measured = Robust.sigma(total.residuals(x, logTotals));
        int n = jobs.size();
        double sigma = Double.isNaN(measured) ? DEFAULT_SIGMA : Math.sqrt(
                (n * measured * measured + DEFAULT_SIGMA_WEIGHT * DEFAULT_SIGMA * DEFAULT_SIGMA)
                        / (n + DEFAULT_SIGMA_WEIGHT));
        double tail = Robust.median(jobs.stream().mapToDouble(FinishedJob::tailMs).toArray());
        return new Fit(chosen, total, stageLines(jobs, chosen), curves(jobs), sigma, gapsBefore(jobs), tail);
    }

    /**
     * Per stage, the median time before it starts in which no stage runs (and {@link Fit#tailMs}, after the last):
     * set-up and hand-over time of the job's own, which the stages' fractions never show. Medians, not fitted to
     * parameters: such overhead seldom grows with the work, and a small job's last seconds are mostly made of it.
     */
    private static Map<String, Double> gapsBefore(List<FinishedJob> jobs) {
        Map<String, List<Double>> byStage = new LinkedHashMap<>();
        for (FinishedJob job : jobs) {
            for (FinishedJob.StageTime stage : job.stages()) {
                byStage.computeIfAbsent(stage.name(), k -> new ArrayList<>()).add((double) stage.gapBeforeMs());
            }
        }
        Map<String, Double> gaps = new HashMap<>();
        byStage.forEach((name, list) -> gaps.put(name,
                Robust.median(list.stream().mapToDouble(Double::doubleValue).toArray())));
        return gaps;
    }

    /**
     * Forward selection: the numeric parameter that most cuts the spread of what is left unexplained, then the next,
     * up to {@link #MAX_PARAMETERS}, each kept only if it leaves at most {@link #USEFUL_PARAMETER} of that spread. A
     * demo's {@code size} and {@code delayMs} both count (duration ∝ size × delay); a batch number does not.
     */
    private static List<String> chooseParameters(List<FinishedJob> jobs, double[] logTotals) {
        List<String> chosen = new ArrayList<>();
        if (jobs.size() < MIN_JOBS_FOR_PARAMETER) {
            return chosen;
        }
        Set<String> candidates = numericParameters(jobs);
        double spread = spread(LogLinear.fit(new double[0][], logTotals).residuals(new double[0][], logTotals));
        while (chosen.size() < MAX_PARAMETERS && spread > 0) {
            String best = null;
            double bestSpread = USEFUL_PARAMETER * spread;
            for (String name : candidates) {
                if (chosen.contains(name)) {
                    continue;
                }
                List<String> trial = new ArrayList<>(chosen);
                trial.add(name);
                double[][] x = columns(jobs, trial);
                double residual = spread(LogLinear.fit(x, logTotals).residuals(x, logTotals));
                if (residual < bestSpread) {
                    best = name;
                    bestSpread = residual;
                }
            }
            if (best == null) {
                break;
            }
            chosen.add(best);
            spread = bestSpread;
        }
        return chosen;
    }

    private static Map<String, LogLinear> stageLines(List<FinishedJob> jobs, List<String> parameters) {
        Map<String, List<FinishedJob>> byStage = new LinkedHashMap<>();
        Map<String, List<Double>> durations = new LinkedHashMap<>();
        for (FinishedJob job : jobs) {
            for (FinishedJob.StageTime stage : job.stages()) {
                byStage.computeIfAbsent(stage.name(), k -> new ArrayList<>()).add(job);
                durations.computeIfAbsent(stage.name(), k -> new ArrayList<>())
                        .add(Math.log(Math.max(1, stage.durationMs())));
            }
        }
        Map<String, LogLinear> lines = new HashMap<>();
        byStage.forEach((name, stageJobs) -> {
            double[] y = durations.get(name).stream().mapToDouble(Double::doubleValue).toArray();
            lines.put(name, LogLinear.fit(columns(stageJobs, parameters), y));
        });
        return lines;
    }

    /** ln of each chosen parameter, one column per parameter. */
    private static double[][] columns(List<FinishedJob> jobs, List<String> parameters) {
        double[][] x = new double[parameters.size()][jobs.size()];
        for (int p = 0; p < parameters.size(); p++) {
            for (int j = 0; j < jobs.size(); j++) {
                x[p][j] = logOf(jobs.get(j).parameters().get(parameters.get(p)));
            }
        }
        return x;
    }

    /** ln of the job's value of each parameter, or null when one is missing (then the medians stand in). */
    private static double[] values(List<String> parameters, Map<String, String> given) {
        if (parameters.isEmpty()) {
            return null;
        }
        double[] x = new double[parameters.size()];
        for (int p = 0; p < x.length; p++) {
            Double value = logOf(given.get(parameters.get(p)));
            if (value == null) {
                return null;
            }
            x[p] = value;
        }
        return x;
    }

    /** Per stage, the point-by-point median of the curves of the jobs that have one, once {@link #MIN_CURVES} do. */
    private static Map<String, double[]> curves(List<FinishedJob> jobs) {
        Map<String, List<double[]>> byStage = new LinkedHashMap<>();
        for (FinishedJob job : jobs) {
            for (FinishedJob.StageTime stage : job.stages()) {
                if (stage.curve() != null) {
                    byStage.computeIfAbsent(stage.name(), k -> new ArrayList<>()).add(stage.curve());
                }
            }
        }
        Map<String, double[]> curves = new HashMap<>();
        byStage.forEach((name, list) -> {
            if (list.size() >= MIN_CURVES) {
                double[] median = new double[list.getFirst().length];
                for (int k = 0; k < median.length; k++) {
                    int point = k;
                    median[k] = Robust.median(list.stream().mapToDouble(c -> c[point]).toArray());
                }
                curves.put(name, median);
            }
        });
        return curves;
    }

    private static Set<String> numericParameters(List<FinishedJob> jobs) {
        Set<String> names = new TreeSet<>(jobs.getFirst().parameters().keySet());
        names.removeIf(name -> jobs.stream().anyMatch(j -> logOf(j.parameters().get(name)) == null)
                || jobs.stream().map(j -> j.parameters().get(name)).distinct().count() < 3);
        return names;
    }

    /** ln of a positive number, or null when the value is absent or not one. */
    private static Double logOf(String value) {
        if (value == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(value.trim());
            return v > 0 && Double.isFinite(v) ? Math.log(v) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double spread(double[] values) {
        double s = Robust.sigma(values);
        return Double.isNaN(s) ? 0 : s;
    }


    private record Fit(
            List<String> parameters, LogLinear total, Map<String, LogLinear> stages, Map<String, double[]> curves,
            double sigma, Map<String, Double> gapsBefore, double tailMs) {
    }

    /**
     * y = intercept + Σ slope·x on log scales, fitted by backfitting Theil–Sen slopes (robust to outliers, one
     * parameter at a time); {@code fallback} is the median of y, for a job without the parameters.
     */
    private record LogLinear(double intercept, double[] slopes, double fallback) {

        static LogLinear fit(double[][] x, double[] y) {
            double[] slopes = new double[x.length];
            for (int round = 0; round < (x.length > 1 ? 3 : 1); round++) {
                for (int p = 0; p < x.length; p++) {
                    double[] partial = y.clone();
                    for (int q = 0; q < x.length; q++) {
                        if (q != p) {
                            for (int i = 0; i < y.length; i++) {
                                partial[i] -= slopes[q] * x[q][i];
                            }
                        }
                    }
                    slopes[p] = Robust.theilSenSlope(x[p], partial);
                }
            }
            double[] intercepts = y.clone();
            for (int p = 0; p < x.length; p++) {
                for (int i = 0; i < y.length; i++) {
                    intercepts[i] -= slopes[p] * x[p][i];
                }
            }
            return new LogLinear(Robust.median(intercepts), slopes, Robust.median(y));
        }

        double at(double[] x) {
            if (x == null) {
                return fallback;
            }
            double y = intercept;
            for (int p = 0; p < slopes.length; p++) {
                y += slopes[p] * x[p];
            }
            return y;
        }

        double[] residuals(double[][] x, double[] y) {
            double[] r = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                double fitted = intercept;
                for (int p = 0; p < slopes.length; p++) {
                    fitted += slopes[p] * x[p][i];
                }
                r[i] = y[i] - fitted;
            }
            return r;
        }
    }
}
