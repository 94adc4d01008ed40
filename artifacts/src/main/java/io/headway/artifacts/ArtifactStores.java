package io.headway.artifacts;

import io.headway.events.state.JobBounds;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The configured store and the intake in front of it, for the services that save or serve artifacts. */
@ApplicationScoped
public class ArtifactStores {

    @Produces
    @ApplicationScoped
    @DefaultBean
    ArtifactStore store(ArtifactsConfig config) {
        try {
            return switch (config.store()) {
                case FILESYSTEM -> new FileSystemArtifactStore(config.directory());
                case S3 -> s3(config.s3());
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the artifact store", e);
        }
    }

    void close(@Disposes ArtifactStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @ApplicationScoped
    ArtifactIntake intake(ArtifactStore store, ArtifactsConfig config) {
        return new ArtifactIntake(store, new ArtifactLimits(config.maxSize().asLongValue(),
                config.maxJobSize().asLongValue(), Math.min(config.maxPerJob(), JobBounds.MAX_ARTIFACTS),
                config.thumbnailSize()));
    }

    /** An S3 store from its settings. */
    public static S3ArtifactStore s3(ArtifactsConfig.S3 s3) throws IOException {
        var client = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                // Checksums only where S3 requires them: the SDK's default (a streamed trailing checksum on every
                // upload) is not understood by every S3-compatible store.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(s3.accessKeyId().isPresent()
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId().get(),
                                s3.secretAccessKey().orElse("")))
                        : DefaultCredentialsProvider.builder().build());
        s3.endpoint().ifPresent(client::endpointOverride);
        S3ArtifactStore store = new S3ArtifactStore(client.build(), s3.bucket());
        return s3.createBucket() ? store.ensureBucket() : store;
    }
}
