package io.headway.artifacts;

/**
 * An artifact whose bytes are in the store: what an {@code ArtifactSaved} event says about it.
 *
 * @param thumbnail the key of its thumbnail, or null when it has none
 */
public record StoredArtifact(String name, String mediaType, long sizeBytes, String sha256, String location,
        String thumbnail, boolean preview) {
}
