package io.headway.artifacts;

import java.util.List;

/**
 * An artifact whose bytes are in the store: what an {@code ArtifactSaved} event says about it.
 *
 * @param thumbnail the key of its thumbnail, or null when it has none
 * @param released  the keys of the bytes it replaced under its name, which nothing refers to once its event is out:
 *                  {@link ArtifactIntake#release} deletes them
 */
public record StoredArtifact(String name, String mediaType, long sizeBytes, String sha256, String location,
        String thumbnail, boolean preview, List<String> released) {

    public StoredArtifact {
        released = List.copyOf(released);
    }
}
