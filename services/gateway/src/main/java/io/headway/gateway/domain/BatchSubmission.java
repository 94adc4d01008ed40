package io.headway.gateway.domain;

import java.util.List;
import java.util.Map;

/**
 * Many jobs submitted together, accepted or refused together.
 *
 * @param batchId optional; generated when absent. Every job of the batch gets it
 * @param labels  added to every job's own labels
 */
public record BatchSubmission(String batchId, Map<String, String> labels, List<JobSubmission> jobs) {

    public BatchSubmission {
        labels = labels == null ? Map.of() : labels;
        jobs = jobs == null ? List.of() : jobs;
    }
}
