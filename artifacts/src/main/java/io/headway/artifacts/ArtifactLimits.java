package io.headway.artifacts;

/**
 * How much a job may store.
 *
 * @param maxBytes        the largest artifact
 * @param maxJobBytes     all of a job's artifacts together (the latest of each name)
 * @param maxArtifacts    how many a job may have, previews included
 * @param thumbnailSize   the longest side of a thumbnail, in pixels
 */
public record ArtifactLimits(long maxBytes, long maxJobBytes, int maxArtifacts, int thumbnailSize) {
}
