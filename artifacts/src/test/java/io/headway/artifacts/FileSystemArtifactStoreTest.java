package io.headway.artifacts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path root;

    @Override
    ArtifactStore store() {
        try {
            return new FileSystemArtifactStore(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aKeyCannotLeadOutOfTheDirectory() {
        assertThatThrownBy(() -> store().size("jobs/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
