package io.headway.artifacts;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3-compatible server: S3Proxy on a filesystem backend, started by the test. */
class S3ArtifactStoreTest extends ArtifactStoreContract {

    private static final String IDENTITY = "headway-test";
    private static final String CREDENTIAL = "headway-test-secret";

    @TempDir
    static Path blobs;

    private static S3Proxy server;
    private static S3ArtifactStore store;

    @BeforeAll
    static void startServer() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", blobs.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials(IDENTITY, CREDENTIAL)
                .overrides(properties).build(BlobStoreContext.class);
        server = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL).build();
        server.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(server.getState()));
        store = ArtifactStores.s3(new Settings(URI.create("http://127.0.0.1:" + server.getPort())));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Override
    ArtifactStore store() {
        return store;
    }

    /** The settings a deployment would give for a MinIO or S3Proxy endpoint. */
    private record Settings(URI server) implements ArtifactsConfig.S3 {

        @Override
        public Optional<URI> endpoint() {
            return Optional.of(server);
        }

        @Override
        public String region() {
            return "us-east-1";
        }

        @Override
        public String bucket() {
            return "headway-artifacts-test";
        }

        @Override
        public boolean pathStyle() {
            return true;
        }

        @Override
        public boolean createBucket() {
            return true;
        }

        @Override
        public Optional<String> accessKeyId() {
            return Optional.of(IDENTITY);
        }

        @Override
        public Optional<String> secretAccessKey() {
            return Optional.of(CREDENTIAL);
        }
    }
}
