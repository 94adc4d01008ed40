package io.headway.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Where the bytes of previews and artifacts are kept, by key. Bytes never go through Kafka: an {@code ArtifactSaved}
 * event names the key, and whoever serves the artifact reads it from here.
 *
 * <p>Keys are made by {@link ArtifactKeys} (a job's objects share a prefix, so retention can delete them together);
 * an implementation never interprets them beyond that.
 */
public interface ArtifactStore {

    /** Stores the file's bytes under the key, replacing whatever was there. */
    void put(String key, Path file, String mediaType) throws IOException;

    /** The stored object's length, or empty when there is none under the key. */
    OptionalLong size(String key) throws IOException;

    /** {@code length} bytes of the object from {@code offset}; the caller has checked the range against its size. */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Deletes the object, if there is one. */
    void delete(String key) throws IOException;

    /** Deletes every object under a prefix ending in {@code /}, such as {@link ArtifactKeys#job}. */
    void deleteAll(String prefix) throws IOException;
}
