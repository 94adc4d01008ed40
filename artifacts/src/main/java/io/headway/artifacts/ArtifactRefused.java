package io.headway.artifacts;

/**
 * A file that may not become an artifact, with the reason in words a job's author can act on: a path outside the
 * working directory, a link, a size beyond a limit, a content type that is not what the file claims.
 */
public final class ArtifactRefused extends Exception {

    public ArtifactRefused(String reason) {
        super(reason);
    }
}
