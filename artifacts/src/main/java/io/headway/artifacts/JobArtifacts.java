package io.headway.artifacts;

import java.util.HashMap;
import java.util.Map;

/**
 * What a job has stored so far, by name: an artifact saved again under its name replaces the earlier one, so only the
 * others count against the job's limits, and the earlier bytes are released once nothing else refers to them.
 */
public record JobArtifacts(Map<String, Kept> byName) {

    public static final JobArtifacts NONE = new JobArtifacts(Map.of());

    /** One stored artifact, as far as the limits and the store are concerned. */
    public record Kept(long sizeBytes, String sha256) {
    }

    public JobArtifacts {
        byName = Map.copyOf(byName);
    }

    /** These, with the artifact just stored in place of any of its name. */
    public JobArtifacts with(StoredArtifact stored) {
        Map<String, Kept> next = new HashMap<>(byName);
        next.put(stored.name(), new Kept(stored.sizeBytes(), stored.sha256()));
        return new JobArtifacts(next);
    }

    int countBesides(String name) {
        return byName.size() - (byName.containsKey(name) ? 1 : 0);
    }

    long bytesBesides(String name) {
        return byName.entrySet().stream().filter(e -> !e.getKey().equals(name))
                .mapToLong(e -> e.getValue().sizeBytes()).sum();
    }

    /** The content an artifact of this name replaced by {@code sha256} no longer needs, unless another name has it. */
    String releasedBy(String name, String sha256) {
        Kept previous = byName.get(name);
        if (previous == null || previous.sha256().equals(sha256)) {
            return null;
        }
        boolean shared = byName.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(name) && e.getValue().sha256().equals(previous.sha256()));
        return shared ? null : previous.sha256();
    }
}
