package io.headway.gateway.domain;

import java.nio.file.Path;

/**
 * A file an external job uploaded, as the gateway received it.
 *
 * @param file      where the HTTP layer spooled it
 * @param fileName  the uploaded file's own name, if the form gave one
 * @param name      the artifact's name; the file's name when absent
 * @param mediaType the type the upload claims (its form field, else its part's type), checked against the bytes
 */
public record ArtifactUpload(Path file, String fileName, String name, String mediaType, boolean preview) {
}
