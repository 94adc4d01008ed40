package io.headway.eta.eval;

import io.headway.eta.model.CheckpointRecorder;
import io.headway.eta.model.CheckpointScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The evaluator's results: per model, the median absolute percentage error of the remaining time at each checkpoint
 * (all jobs pooled) and how often its range held the truth (all checkpoints of all jobs pooled).
 */
public final class Scoreboard {

    private final Map<String, List<CheckpointScore>> byModel = new LinkedHashMap<>();

    public void add(Map<String, List<CheckpointScore>> scores) {
        scores.forEach((model, list) -> byModel.computeIfAbsent(model, k -> new ArrayList<>()).addAll(list));
    }

    /** The scores by model, as added. */
    public Map<String, List<CheckpointScore>> asMap() {
        return byModel;
    }

    public List<String> models() {
        return List.copyOf(byModel.keySet());
    }

    /** The median absolute percentage error (as a fraction) at a checkpoint, NaN when nothing was scored there. */
    public double medianError(String model, double level) {
        double[] errors = byModel.getOrDefault(model, List.of()).stream().filter(s -> s.level() == level)
                .mapToDouble(CheckpointScore::absolutePercentageError).toArray();
        return errors.length == 0 ? Double.NaN : new Percentile().evaluate(errors, 50);
    }

    /** The share of scored estimates whose range held the truth, NaN for a model without ranges. */
    public double coverage(String model) {
        List<CheckpointScore> scores = byModel.getOrDefault(model, List.of());
        boolean ranged = scores.stream().anyMatch(s -> s.lowMs() != s.highMs());
        if (!ranged || scores.isEmpty()) {
            return Double.NaN;
        }
        return scores.stream().filter(CheckpointScore::covered).count() / (double) scores.size();
    }

    /** How many jobs were scored at the first checkpoint (each scored job reaches it). */
    public long jobs(String model) {
        return byModel.getOrDefault(model, List.of()).stream()
                .filter(s -> s.level() == CheckpointRecorder.LEVELS.getFirst()).count();
    }

    /** The lowest median error at a checkpoint of any model but the first (Headway's), NaN when none has one. */
    public double bestBaselineError(double level) {
        List<String> models = models();
        return models.size() < 2 ? Double.NaN : models.subList(1, models.size()).stream()
                .mapToDouble(m -> medianError(m, level)).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    /** The table, one row per model, and a last row comparing the first model with the best of the others. */
    public String table() {
        StringBuilder out = new StringBuilder(levelsHeader());
        out.append(String.format(Locale.ROOT, "%12s%n", "80% range"));
        for (String model : byModel.keySet()) {
            out.append(String.format(Locale.ROOT, "%-20s", model));
            for (double level : CheckpointRecorder.LEVELS) {
                out.append(percentCell(medianError(model, level)));
            }
            double coverage = coverage(model);
            out.append(Double.isNaN(coverage) ? String.format(Locale.ROOT, "%12s%n", "-")
                    : String.format(Locale.ROOT, "%11.1f%%%n", 100 * coverage));
        }
        List<String> models = models();
        if (models.size() > 1) {
            out.append(String.format(Locale.ROOT, "%-20s", "vs best baseline"));
            for (double level : CheckpointRecorder.LEVELS) {
                out.append(ratioCell(medianError(models.getFirst(), level) / bestBaselineError(level)));
            }
            out.append(String.format(Locale.ROOT, "%n"));
        }
        out.append(String.format(Locale.ROOT, "%d jobs scored%n", jobs(models.isEmpty() ? "" : models.getFirst())));
        return out.toString();
    }

    /** The first column's title and one column per checkpoint, as every table of the evaluator starts. */
    static String levelsHeader() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s", "median |error| at"));
        for (double level : CheckpointRecorder.LEVELS) {
            out.append(String.format(Locale.ROOT, "%9s", Math.round(level * 100) + " %"));
        }
        return out.toString();
    }

    /** An error as a table cell: a percentage, or "-" when there is none. */
    static String percentCell(double error) {
        return Double.isNaN(error) ? String.format(Locale.ROOT, "%9s", "-")
                : String.format(Locale.ROOT, "%8.1f%%", 100 * error);
    }

    /** A ratio of errors as a table cell, or "-" when there is none. */
    static String ratioCell(double ratio) {
        return Double.isNaN(ratio) ? String.format(Locale.ROOT, "%9s", "-")
                : String.format(Locale.ROOT, "%8.2fx", ratio);
    }
}
