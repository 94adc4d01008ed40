package io.headway.eta.traces;

import java.util.List;
import java.util.Map;

/**
 * One job as a {@link TraceShape} draws it, before it is placed in time: its parameters and, per stage, how long
 * each item takes. The generator turns it into events; nothing here knows about events or clocks.
 *
 * @param parameters the template parameters it is submitted with
 * @param stages     the stages in plan order
 */
record SimulatedJob(Map<String, String> parameters, List<Stage> stages) {

    SimulatedJob {
        parameters = Map.copyOf(parameters);
        stages = List.copyOf(stages);
    }

    /** The time all items take, stage gaps left out. */
    double workMs() {
        return stages.stream().mapToDouble(Stage::workMs).sum();
    }

    /**
     * One stage.
     *
     * @param weight      the weight the job declares for it, which need not match the time it takes
     * @param itemMs      how long each item takes, in order; a silent stall is part of the item it delays
     * @param meanItemMs  what each item was expected to take given the job's hidden parameters (its machine's
     *                    speed, its size, a warm-up or a slowdown), before its own noise was drawn: itemMs =
     *                    meanItemMs × a draw of {@code noise} (+ a stall). The hindsight floor reads it
     * @param noise       how each item's time varies around its mean
     * @param reportEvery progress is reported after every this many items, and after the last
     */
    record Stage(String name, double weight, double[] itemMs, double[] meanItemMs, TraceShape.Noise noise,
            int reportEvery) {

        Stage {
            itemMs = itemMs.clone();
            meanItemMs = meanItemMs.clone();
            if (meanItemMs.length != itemMs.length) {
                throw new IllegalArgumentException("one mean per item");
            }
        }

        /** What items {@code from} (0-based) to the last were expected to take together. */
        double meanMsFrom(int from) {
            double sum = 0;
            for (int i = Math.max(0, from); i < meanItemMs.length; i++) {
                sum += meanItemMs[i];
            }
            return sum;
        }

        double workMs() {
            double sum = 0;
            for (double ms : itemMs) {
                sum += ms;
            }
            return sum;
        }

        int items() {
            return itemMs.length;
        }
    }
}
