package io.headway.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in a bucket of any S3-compatible store (AWS S3, MinIO, Ceph, S3Proxy), through the AWS SDK. SDK failures
 * surface as {@link IOException}s, as the filesystem store's do, so callers handle one kind of failure.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    public S3ArtifactStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Creates the bucket when it does not exist yet, as a local or test store needs. */
    public S3ArtifactStore ensureBucket() throws IOException {
        return call(() -> {
            try {
                s3.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                s3.createBucket(b -> b.bucket(bucket));
            }
            return this;
        });
    }

    @Override
    public void put(String key, Path file, String mediaType) throws IOException {
        call(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(mediaType), RequestBody.fromFile(file)));
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        return call(() -> {
            try {
                return OptionalLong.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
            } catch (NoSuchKeyException e) {
                return OptionalLong.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return OptionalLong.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        return call(() -> s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
    }

    @Override
    public void delete(String key) throws IOException {
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix to delete under ends in '/': " + prefix);
        }
        call(() -> {
            // One by one: a job has a few objects, and the batch call needs a checksum header that not every
            // S3-compatible store implements.
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
            }
            return null;
        });
    }

    @Override
    public void close() {
        s3.close();
    }

    private interface S3Call<T> {
        T call();
    }

    private static <T> T call(S3Call<T> call) throws IOException {
        try {
            return call.call();
        } catch (SdkException e) {
            throw new IOException("object store: " + e.getMessage(), e);
        }
    }
}
