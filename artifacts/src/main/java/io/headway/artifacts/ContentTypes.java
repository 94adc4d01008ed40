package io.headway.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * A file's content type, found in its bytes and checked against what it claims (a declared type, else its name's
 * extension): the claim is kept only where the bytes agree with it ({@code text/csv} for text named {@code .csv}),
 * and a file whose bytes contradict it (a PNG named {@code .txt}, text named {@code .png}, bytes without a PNG's
 * signature named {@code .png}) is refused. Served types are therefore never the job's word alone.
 */
final class ContentTypes {

    /** What a preview may be: images every browser shows. */
    static final Set<String> PREVIEWS = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private static final MediaTypeRegistry REGISTRY = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();

    private final Tika tika = new Tika(MimeTypes.getDefaultMimeTypes());

    /**
     * The type to store and serve the file as.
     *
     * @param names    the file's names, the one to judge by first: the artifact's name, then the file's own
     * @param declared the type the job says it is, if it says
     */
    String check(Path file, List<String> names, String declared) throws IOException, ArtifactRefused {
        MediaType found;
        try (InputStream in = Files.newInputStream(file)) {
            found = MediaType.parse(tika.detect(in));
        }
        boolean byName = declared == null || declared.isBlank();
        MediaType claimed = byName ? byName(names) : MediaType.parse(declared);
        if (claimed == null) {
            throw new ArtifactRefused("\"" + declared + "\" is not a media type");
        }
        found = found.getBaseType();
        claimed = claimed.getBaseType();
        if (claimed.equals(MediaType.OCTET_STREAM) || claimed.equals(found) || specializes(found, claimed)) {
            return found.toString();
        }
        if (specializes(claimed, found) && !(found.equals(MediaType.OCTET_STREAM) && recognisable(claimed))) {
            return claimed.toString();
        }
        throw new ArtifactRefused("its content is " + found + ", not " + claimed
                + (byName ? " as its name says" : " as declared"));
    }

    /** The type the first name with a known extension implies; octet-stream when none has one. */
    private MediaType byName(List<String> names) {
        return names.stream().filter(Objects::nonNull).map(name -> MediaType.parse(tika.detect(name)))
                .filter(type -> !type.equals(MediaType.OCTET_STREAM)).findFirst().orElse(MediaType.OCTET_STREAM);
    }

    /** Whether bytes of this type carry a signature the detector knows: then bytes without it are not of it. */
    private static boolean recognisable(MediaType type) {
        try {
            return MimeTypes.getDefaultMimeTypes().forName(type.toString()).hasMagic();
        } catch (MimeTypeException unknown) {
            return false;
        }
    }

    private static boolean specializes(MediaType type, MediaType of) {
        return REGISTRY.isSpecializationOf(type, of);
    }
}
