package io.headway.artifacts;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where artifacts are stored and how much a job may store; the same in every service that shares the store. */
@ConfigMapping(prefix = "headway.artifacts")
public interface ArtifactsConfig {

    /** Which store holds the bytes. */
    @WithDefault("filesystem")
    Kind store();

    /** The filesystem store's directory; every service using it must see the same one. */
    @WithDefault("${java.io.tmpdir}/headway-artifacts")
    Path directory();

    /** The S3 store's settings. */
    S3 s3();

    /** The largest artifact. */
    @WithDefault("50M")
    MemorySize maxSize();

    /** All of one job's artifacts together. */
    @WithDefault("500M")
    MemorySize maxJobSize();

    /** How many artifacts (previews included) one job may have; at most the 100 a snapshot holds. */
    @WithDefault("100")
    int maxPerJob();

    /** The longest side of an image's thumbnail, in pixels. */
    @WithDefault("320")
    int thumbnailSize();

    enum Kind { FILESYSTEM, S3 }

    interface S3 {

        /** The endpoint of an S3-compatible store; AWS's own when absent. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("headway-artifacts")
        String bucket();

        /** Path-style URLs (bucket in the path), as MinIO and S3Proxy expect. */
        @WithDefault("false")
        boolean pathStyle();

        /** Create the bucket at start when it is missing (local and test stores). */
        @WithDefault("false")
        boolean createBucket();

        /** Static credentials; the SDK's default chain (environment, profile, instance role) when absent. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }
}
