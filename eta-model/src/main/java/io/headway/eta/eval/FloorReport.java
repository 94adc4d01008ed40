package io.headway.eta.eval;

import io.headway.eta.model.CheckpointRecorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * {@code eta-eval --floor}: the {@link HindsightFloor}'s errors, kept apart from the models' table (it is no
 * competitor and never the "best baseline"). One row per way of making a point of the floor's knowledge; then the
 * floor, the best of those rows at each checkpoint; the 5th, 50th and 95th percentile of that row's median had the
 * remaining items fallen otherwise (its independent draws); and the floor over the best baseline: the lowest ratio any
 * estimator could reach on these traces but by luck.
 */
final class FloorReport {

    private final List<HindsightFloor.Scored> scored = new ArrayList<>();

    void add(List<HindsightFloor.Scored> more) {
        scored.addAll(more);
    }

    void copyInto(FloorReport all) {
        all.add(scored);
    }

    boolean isEmpty() {
        return scored.isEmpty();
    }

    double medianError(int variant, double level) {
        double[] errors = at(level).stream().mapToDouble(s -> s.error(variant)).toArray();
        return errors.length == 0 ? Double.NaN : new Percentile().evaluate(errors, 50);
    }

    /** The floor at a level: the lowest median error of the ways of making a point. */
    double floor(double level) {
        int best = bestVariant(level);
        return best < 0 ? Double.NaN : medianError(best, level);
    }

    private int bestVariant(double level) {
        int best = -1;
        double bestError = Double.NaN;
        for (int v = 0; v < HindsightFloor.VARIANTS.size(); v++) {
            double error = medianError(v, level);
            if (!Double.isNaN(error) && (best < 0 || error < bestError)) {
                best = v;
                bestError = error;
            }
        }
        return best;
    }

    /** The 5th, 50th and 95th percentiles, over the draws, of the floor's median error at a level. */
    double[] redrawn(double level) {
        List<HindsightFloor.Scored> here = at(level);
        int variant = bestVariant(level);
        if (here.isEmpty() || variant < 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double[] medians = new double[HindsightFloor.SAMPLES];
        double[] errors = new double[here.size()];
        Percentile percentile = new Percentile();
        for (int i = 0; i < medians.length; i++) {
            for (int j = 0; j < errors.length; j++) {
                errors[j] = here.get(j).errorIn(variant, i);
            }
            medians[i] = percentile.evaluate(errors, 50);
        }
        Arrays.sort(medians);
        return new double[] {percentile.evaluate(medians, 5), percentile.evaluate(medians, 50),
                percentile.evaluate(medians, 95)};
    }

    private List<HindsightFloor.Scored> at(double level) {
        return scored.stream().filter(s -> s.level() == level).toList();
    }

    String table(Scoreboard models) {
        StringBuilder out = new StringBuilder("hindsight floor (not an estimator, not a baseline: knows each job's"
                + " hidden pace, not how its remaining items' own noise falls)\n");
        out.append(Scoreboard.levelsHeader()).append(String.format(Locale.ROOT, "%n"));
        for (int v = 0; v < HindsightFloor.VARIANTS.size(); v++) {
            out.append(String.format(Locale.ROOT, "%-20s", HindsightFloor.VARIANTS.get(v)));
            for (double level : CheckpointRecorder.LEVELS) {
                out.append(Scoreboard.percentCell(medianError(v, level)));
            }
            out.append(String.format(Locale.ROOT, "%n"));
        }
        out.append(String.format(Locale.ROOT, "%-20s", "floor (best of them)"));
        CheckpointRecorder.LEVELS.forEach(level -> out.append(Scoreboard.percentCell(floor(level))));
        List<double[]> redrawn = CheckpointRecorder.LEVELS.stream().map(this::redrawn).toList();
        String[] labels = {"floor redrawn p5", "floor redrawn p50", "floor redrawn p95"};
        for (int q = 0; q < labels.length; q++) {
            out.append(String.format(Locale.ROOT, "%n%-20s", labels[q]));
            for (double[] band : redrawn) {
                out.append(Scoreboard.percentCell(band[q]));
            }
        }
        out.append(String.format(Locale.ROOT, "%n%-20s", "floor / best basel."));
        for (double level : CheckpointRecorder.LEVELS) {
            out.append(Scoreboard.ratioCell(floor(level) / models.bestBaselineError(level)));
        }
        out.append(String.format(Locale.ROOT, "%n"));
        return out.toString();
    }
}
