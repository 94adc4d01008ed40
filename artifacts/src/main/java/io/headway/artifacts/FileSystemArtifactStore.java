package io.headway.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Objects as files under one directory, for the local stack and single-machine installs. Every service that shares
 * the store must see the same directory. A write goes to a temporary file first and is then moved into place, so a
 * reader never sees half an object.
 */
public final class FileSystemArtifactStore implements ArtifactStore {

    private final Path root;

    public FileSystemArtifactStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    @Override
    public void put(String key, Path file, String mediaType) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), ".partial-", "");
        try {
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        Path path = resolve(key);
        return Files.isRegularFile(path) ? OptionalLong.of(Files.size(path)) : OptionalLong.empty();
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(resolve(key));
        channel.position(offset);
        return BoundedInputStream.builder().setInputStream(Channels.newInputStream(channel)).setMaxCount(length)
                .setPropagateClose(true).get();
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix to delete under ends in '/': " + prefix);
        }
        Path directory = resolve(prefix.substring(0, prefix.length() - 1));
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException nothingThere) {
            // nothing stored under it
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("not a key of this store: " + key);
        }
        return path;
    }
}
