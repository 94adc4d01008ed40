package io.headway.eta.model;

import java.util.Map;

/**
 * What history expects of a job before any live evidence: its total active duration, how that time splits across
 * its stages, and how far jobs like it spread around that expectation.
 *
 * @param totalMs   the expected (median) total duration
 * @param stageMs   expected duration per stage name, for the stages history has seen
 * @param stageCurves per stage, the share of its time spent by 10, 20, ... 90 % of its work (median of history)
 * @param sigma     the spread of ln(actual / expected) among similar jobs
 * @param basedOn   how many finished jobs it was learnt from
 * @param parameter the parameters the duration was found to scale with, comma-separated, or null
 * @param gapBeforeMs per stage name, the typical time before it starts in which no stage runs
 * @param tailMs    the typical time between the last stage's end and the job's
 */
public record Prior(
        double totalMs, Map<String, Double> stageMs, Map<String, double[]> stageCurves, double sigma, int basedOn,
        String parameter, Map<String, Double> gapBeforeMs, double tailMs) {

    public Prior {
        stageMs = Map.copyOf(stageMs);
        stageCurves = Map.copyOf(stageCurves);
        gapBeforeMs = Map.copyOf(gapBeforeMs);
    }

    /**
     * The share of a stage's expected time behind it at {@code fraction} of its work: along the stage's learnt curve
     * where there is one, in proportion otherwise.
     */
    public double timeShare(String stage, double fraction) {
        double[] curve = stageCurves.get(stage);
        if (curve == null || fraction <= 0 || fraction >= 1) {
            return Math.min(1, Math.max(0, fraction));
        }
        double position = fraction * (curve.length + 1);
        int below = (int) Math.floor(position);
        double lower = below == 0 ? 0 : curve[below - 1];
        double upper = below >= curve.length ? 1 : curve[below];
        return lower + (position - below) * (upper - lower);
    }
}
