package io.headway.artifacts;

import java.util.Map;

/**
 * What a job has stored so far, by name and size: an artifact saved again under its name replaces the earlier one, so
 * only the others count against the job's limits.
 */
public record JobArtifacts(Map<String, Long> sizesByName) {

    public static final JobArtifacts NONE = new JobArtifacts(Map.of());

    public JobArtifacts {
        sizesByName = Map.copyOf(sizesByName);
    }

    int countBesides(String name) {
        return sizesByName.size() - (sizesByName.containsKey(name) ? 1 : 0);
    }

    long bytesBesides(String name) {
        return sizesByName.entrySet().stream().filter(e -> !e.getKey().equals(name))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
