package io.headway.gateway.domain;

import io.headway.events.StagePlan;
import java.util.List;
import java.util.Map;

/**
 * A job that code outside the platform runs and reports on.
 *
 * @param type   a free name for the kind of job, lower-case letters, digits and dashes
 * @param stages optional plan with weights, for the overall progress
 */
public record ExternalJob(
        String type, String batchId, Map<String, String> labels, List<StagePlan> stages, Integer priority) {

    public ExternalJob {
        labels = labels == null ? Map.of() : labels;
        stages = stages == null ? List.of() : stages;
    }
}
