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
 * stage as a median, or, when one numeric parameter explains much of the spread (a {@code size}, an item count),
 * as a power law of it fitted with Theil–Sen. A parameter is used only when it cuts the spread of the residuals by
 * at least {@link #USEFUL_PARAMETER}, so labels and other parameters that do not change durations are ignored.
 * Keeps the most recent {@link #MAX_JOBS} jobs, so a type whose durations drift follows the drift.
 */
final class TypeHistory {

    static final int MAX_JOBS = 300;
    /** A parameter must leave at most this share of the spread to be used. */
    static final double USEFUL_PARAMETER = 0.7;
    /** Jobs needed before a parameter is tried. */
    static final int MIN_JOBS_FOR_PARAMETER = 5;
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

    int size() {
        return jobs.size();
    }

    /** What history expects of a job with these parameters, or null before any job of the type has finished. */
    Prior prior(Map<String, String> parameters) {
        if (jobs.isEmpty()) {
            return null;
        }
        if (fit == null) {
            fit = fit(List.copyOf(jobs));
        }
        Double x = fit.parameter == null ? null : logOf(parameters.get(fit.parameter));
        double logTotal = x == null ? fit.total.fallback : fit.total.at(x);
        Map<String, Double> stages = new LinkedHashMap<>();
        fit.stages.forEach((name, line) -> stages.put(name, Math.exp(x == null ? line.fallback : line.at(x))));
        return new Prior(Math.exp(logTotal), stages, fit.curves, fit.sigma, jobs.size(),
                x == null ? null : fit.parameter);
    }

    private static Fit fit(List<FinishedJob> jobs) {
        double[] logTotals = jobs.stream().mapToDouble(j -> Math.log(Math.max(1, j.durationMs()))).toArray();
        String parameter = null;
        double[] x = null;
        double rawSpread = spread(logTotals);
        double bestSpread = rawSpread;
        if (jobs.size() >= MIN_JOBS_FOR_PARAMETER && rawSpread > 0) {
            for (String name : numericParameters(jobs)) {
                double[] candidate = jobs.stream().mapToDouble(j -> logOf(j.parameters().get(name))).toArray();
                double residual = spread(Line.fit(candidate, logTotals).residuals(candidate, logTotals));
                if (residual < USEFUL_PARAMETER * rawSpread && residual < bestSpread) {
                    parameter = name;
                    x = candidate;
                    bestSpread = residual;
                }
            }
        }
        Line total = x == null ? Line.constant(logTotals) : Line.fit(x, logTotals);
        double[] residuals = x == null ? centered(logTotals) : total.residuals(x, logTotals);
        double measured = Robust.sigma(residuals);
        int n = jobs.size();
        double sigma = Double.isNaN(measured) ? DEFAULT_SIGMA : Math.sqrt(
                (n * measured * measured + DEFAULT_SIGMA_WEIGHT * DEFAULT_SIGMA * DEFAULT_SIGMA)
                        / (n + DEFAULT_SIGMA_WEIGHT));
        return new Fit(parameter, total, stageLines(jobs, parameter), curves(jobs), sigma);
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

    private static Map<String, Line> stageLines(List<FinishedJob> jobs, String parameter) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (FinishedJob job : jobs) {
            Double x = parameter == null ? null : logOf(job.parameters().get(parameter));
            for (FinishedJob.StageTime stage : job.stages()) {
                points.computeIfAbsent(stage.name(), k -> new ArrayList<>())
                        .add(new double[] {x == null ? 0 : x, Math.log(Math.max(1, stage.durationMs()))});
            }
        }
        Map<String, Line> lines = new HashMap<>();
        points.forEach((name, xy) -> {
            double[] xs = xy.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = xy.stream().mapToDouble(p -> p[1]).toArray();
            lines.put(name, parameter == null ? Line.constant(ys) : Line.fit(xs, ys));
        });
        return lines;
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

    private static double[] centered(double[] values) {
        double m = Robust.median(values);
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= m;
        }
        return out;
    }

    private record Fit(
            String parameter, Line total, Map<String, Line> stages, Map<String, double[]> curves, double sigma) {
    }

    /** y = intercept + slope·x on log scales; {@code fallback} is the median of y, for a job without the parameter. */
    private record Line(double intercept, double slope, double fallback) {

        static Line constant(double[] y) {
            double m = Robust.median(y);
            return new Line(m, 0, m);
        }

        static Line fit(double[] x, double[] y) {
            double slope = Robust.theilSenSlope(x, y);
            double[] intercepts = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                intercepts[i] = y[i] - slope * x[i];
            }
            return new Line(Robust.median(intercepts), slope, Robust.median(y));
        }

        double at(double x) {
            return intercept + slope * x;
        }

        double[] residuals(double[] x, double[] y) {
            double[] r = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                r[i] = y[i] - at(x[i]);
            }
            return r;
        }
    }
}
