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
     * @param reportEvery progress is reported after every this many items, and after the last
     */
    record Stage(String name, double weight, double[] itemMs, int reportEvery) {

        Stage {
            itemMs = itemMs.clone();
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
