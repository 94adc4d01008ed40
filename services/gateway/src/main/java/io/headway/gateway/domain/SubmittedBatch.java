package io.headway.gateway.domain;

import java.util.List;
import java.util.Map;

/** The answer to a batch submission. */
public record SubmittedBatch(String batchId, List<SubmittedJob> jobs, Map<String, String> links) {
}
