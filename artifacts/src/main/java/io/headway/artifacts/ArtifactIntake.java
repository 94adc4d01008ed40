package io.headway.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every file passes here before it becomes an artifact, whether a job named it in its working directory (the
 * executor) or a reporter uploaded it (the gateway). It refuses, with a reason: a path outside the working directory
 * or through a symbolic link, a name that is not a plain file name, a file beyond the size limits, content that
 * contradicts its claimed type, and a preview that is no image. What it accepts is copied once (so what is checked is
 * what is stored, even if the job rewrites the file meanwhile), hashed, stored under its content's key, and given a
 * thumbnail when it is an image.
 */
public final class ArtifactIntake {

    /** A plain file name: what the URLs and downloads of an artifact are made from. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private final ArtifactStore store;
    private final ArtifactLimits limits;
    private final ContentTypes types = new ContentTypes();
    private final Thumbnails thumbnails;

    public ArtifactIntake(ArtifactStore store, ArtifactLimits limits) {
        this.store = store;
        this.limits = limits;
        this.thumbnails = new Thumbnails(limits.thumbnailSize());
    }

    public ArtifactLimits limits() {
        return limits;
    }

    /**
     * A file the job made, named by its path relative to the job's working directory.
     *
     * @param name     the artifact's name; null takes the file's name
     * @param declared the media type the job says it is; null takes the one its name implies
     */
    public StoredArtifact fromWorkingDirectory(String jobId, Path workingDirectory, String path, String name,
            String declared, boolean preview, JobArtifacts stored) throws ArtifactRefused, IOException {
        Path file = confined(workingDirectory, path);
        String artifactName = name != null ? name : file.getFileName().toString();
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            return take(jobId, in, artifactName, file.getFileName().toString(), declared, preview, stored);
        }
    }

    /**
     * Bytes a reporter uploaded.
     *
     * @param fileName the uploaded file's own name, if the upload gave one: its extension implies a type when the
     *                 artifact's name has none
     */
    public StoredArtifact fromUpload(String jobId, InputStream upload, String name, String fileName, String declared,
            boolean preview, JobArtifacts stored) throws ArtifactRefused, IOException {
        return take(jobId, upload, name, fileName, declared, preview, stored);
    }

    private StoredArtifact take(String jobId, InputStream in, String name, String fileName, String declared,
            boolean preview, JobArtifacts stored) throws ArtifactRefused, IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ArtifactRefused("\"" + name + "\" is not a plain file name (letters, digits, '.', '_' and "
                    + "'-', at most 128, not starting with a dot)");
        }
        if (stored.countBesides(name) >= limits.maxArtifacts()) {
            throw new ArtifactRefused("the job already has " + limits.maxArtifacts() + " artifacts, its limit");
        }
        long room = limits.maxJobBytes() - stored.bytesBesides(name);
        Path copy = Files.createTempFile("headway-artifact-", ".part");
        try {
            String sha256 = copy(in, copy, Math.min(limits.maxBytes(), room), room < limits.maxBytes()
                    ? "it would take the job's artifacts beyond their limit of " + bytes(limits.maxJobBytes())
                    : "it is larger than the limit of " + bytes(limits.maxBytes()) + " per artifact");
            String mediaType = types.check(copy, Arrays.asList(name, fileName), declared);
            if (preview && !ContentTypes.PREVIEWS.contains(mediaType)) {
                throw new ArtifactRefused("a preview must be a PNG, JPEG, GIF or WebP image; this is " + mediaType);
            }
            String location = ArtifactKeys.content(jobId, sha256);
            store.put(location, copy, mediaType);
            String thumbnail = mediaType.startsWith("image/") ? thumbnail(jobId, sha256, copy) : null;
            String released = stored.releasedBy(name, sha256);
            return new StoredArtifact(name, mediaType, Files.size(copy), sha256, location, thumbnail, preview,
                    released == null ? List.of() : List.of(ArtifactKeys.content(jobId, released),
                            ArtifactKeys.thumbnail(jobId, released)));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * Deletes the bytes an artifact replaced under its name; call it once the artifact's event is out, so a reader of
     * the earlier snapshot is not left without them for longer than it takes the new one to arrive.
     */
    public void release(StoredArtifact artifact) throws IOException {
        for (String key : artifact.released()) {
            store.delete(key);
        }
    }

    /** Copies at most {@code max} bytes, hashing them; refuses a stream longer than that. */
    private static String copy(InputStream in, Path to, long max, String tooLarge)
            throws IOException, ArtifactRefused {
        MessageDigest sha256 = sha256();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(to), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > max) {
                    throw new ArtifactRefused(tooLarge);
                }
                out.write(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private String thumbnail(String jobId, String sha256, Path image) throws IOException {
        Optional<Path> thumb = thumbnails.of(image);
        if (thumb.isEmpty()) {
            return null;
        }
        try {
            String key = ArtifactKeys.thumbnail(jobId, sha256);
            store.put(key, thumb.get(), "image/png");
            return key;
        } finally {
            Files.deleteIfExists(thumb.get());
        }
    }

    /** The file the path names, if it lies inside the working directory and no link is on the way to it. */
    static Path confined(Path workingDirectory, String path) throws ArtifactRefused, IOException {
        if (path == null || path.isBlank()) {
            throw new ArtifactRefused("no path given");
        }
        Path root = workingDirectory.toRealPath();
        Path relative = Path.of(path);
        if (relative.isAbsolute()) {
            throw new ArtifactRefused("path " + path + " is absolute; name a file inside the job's working directory");
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new ArtifactRefused("path " + path + " leads outside the job's working directory");
        }
        Path walked = root;
        for (Path part : root.relativize(file)) {
            walked = walked.resolve(part);
            if (Files.isSymbolicLink(walked)) {
                throw new ArtifactRefused("path " + path + " goes through a symbolic link (" + root.relativize(walked)
                        + "); links are not followed");
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactRefused("path " + path + " is not a file in the job's working directory");
        }
        return file;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String bytes(long bytes) {
        return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)) + " MiB" : bytes >= 1024 ? (bytes / 1024) + " KiB"
                : bytes + " bytes";
    }
}
