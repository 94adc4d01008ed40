package io.headway.artifacts;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The keys objects are stored under: {@code jobs/<job>/<sha256>}, and {@code .thumb.png} after it for a thumbnail.
 * Content-addressed within a job, so a reader never gets bytes that disagree with the checksum it was given, and
 * every object of a job shares the job's prefix.
 */
public final class ArtifactKeys {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private ArtifactKeys() {
    }

    /** The prefix of every object of the job. A job id that is not a plain file name is written in hex. */
    public static String job(String jobId) {
        String part = PLAIN.matcher(jobId).matches() ? jobId
                : "x-" + HexFormat.of().formatHex(jobId.getBytes(StandardCharsets.UTF_8));
        return "jobs/" + part + "/";
    }

    public static String content(String jobId, String sha256) {
        return job(jobId) + sha256;
    }

    public static String thumbnail(String jobId, String sha256) {
        return content(jobId, sha256) + ".thumb.png";
    }
}
