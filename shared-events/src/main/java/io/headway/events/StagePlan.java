package io.headway.events;

/**
 * A stage a job declares up front, with its share of the whole job. Weights are relative: stages weighted 1, 3 and
 * 1 are a fifth, three fifths and a fifth of the overall progress.
 */
public record StagePlan(String name, double weight) {

    public StagePlan {
        Require.name(name, "stage name");
        Require.weight(weight);
    }
}
