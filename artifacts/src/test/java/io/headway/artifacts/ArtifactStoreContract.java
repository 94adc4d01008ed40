package io.headway.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every store must do, run against each implementation. */
abstract class ArtifactStoreContract {

    @TempDir
    Path files;

    abstract ArtifactStore store();

    @Test
    void storesReadsRangesReplacesAndDeletesAJobsObjects() throws IOException {
        String job = "contract-" + UUID.randomUUID();
        String key = ArtifactKeys.content(job, "a".repeat(64));
        String other = ArtifactKeys.content(job, "b".repeat(64));
        ArtifactStore store = store();

        assertThat(store.size(key)).isEmpty();
        store.put(key, file("0123456789"), "text/plain");
        store.put(other, file("other"), "text/plain");

        assertThat(store.size(key)).hasValue(10);
        assertThat(read(store.open(key, 0, 10))).isEqualTo("0123456789");
        assertThat(read(store.open(key, 3, 4))).isEqualTo("3456");
        assertThat(read(store.open(key, 9, 1))).isEqualTo("9");

        store.put(key, file("replaced"), "text/plain");
        assertThat(read(store.open(key, 0, 8))).isEqualTo("replaced");

        String thumbnail = key + ".thumb.png";
        store.put(thumbnail, file("small"), "image/png");
        store.delete(thumbnail);
        assertThat(store.size(thumbnail)).isEmpty();
        assertThat(store.size(key)).as("only that key").hasValue(8);
        store.delete(thumbnail); // nothing there: no failure

        store.deleteAll(ArtifactKeys.job(job));
        assertThat(store.size(key)).isEmpty();
        assertThat(store.size(other)).isEmpty();
    }

    private Path file(String content) throws IOException {
        return Files.writeString(Files.createTempFile(files, "object-", ".txt"), content);
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
