package io.headway.gateway.stream;

import io.headway.events.state.JobState;
import java.util.Map;
import java.util.Set;

/** What a stream subscription covers, always within the subscriber's own tenant. */
public sealed interface Selector {

    /** Whether the job belongs to this selection; the tenant is checked separately, before this. */
    boolean covers(String jobId, String batchId, Map<String, String> labels);

    default boolean covers(JobState state) {
        return covers(state.jobId(), state.batchId(), state.labels());
    }

    /** How many subscriptions it counts as against the per-connection limit. */
    default int weight() {
        return 1;
    }

    /** These jobs. */
    record Jobs(Set<String> jobIds) implements Selector {
        public Jobs {
            jobIds = Set.copyOf(jobIds);
        }

        @Override
        public boolean covers(String jobId, String batchId, Map<String, String> labels) {
            return jobIds.contains(jobId);
        }

        @Override
        public int weight() {
            return jobIds.size();
        }
    }

    /** The jobs of one batch. */
    record Batch(String batchId) implements Selector {
        @Override
        public boolean covers(String jobId, String batchId, Map<String, String> labels) {
            return this.batchId.equals(batchId);
        }
    }

    /** The jobs carrying all of these labels. */
    record Labels(Map<String, String> labels) implements Selector {
        public Labels {
            labels = Map.copyOf(labels);
        }

        @Override
        public boolean covers(String jobId, String batchId, Map<String, String> jobLabels) {
            return jobLabels.entrySet().containsAll(labels.entrySet());
        }
    }

    /** Every job of the tenant. */
    record All() implements Selector {
        @Override
        public boolean covers(String jobId, String batchId, Map<String, String> labels) {
            return true;
        }
    }
}
