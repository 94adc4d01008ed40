package io.headway.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactIntakeTest {

    private static final String JOB = "job-intake-1";

    @TempDir
    Path storeRoot;
    @TempDir
    Path work;
    @TempDir
    Path outside;

    private ArtifactStore store;
    private ArtifactIntake intake;

    @BeforeEach
    void intake() throws IOException {
        store = new FileSystemArtifactStore(storeRoot);
        intake = new ArtifactIntake(store, new ArtifactLimits(1024 * 1024, 2 * 1024 * 1024, 3, 64));
    }

    @Test
    void anImageInTheWorkingDirectoryIsStoredByItsContentWithAThumbnail() throws Exception {
        byte[] png = png(800, 400);
        Files.createDirectories(work.resolve("out"));
        Files.write(work.resolve("out/frame-050.png"), png);

        StoredArtifact saved = intake.fromWorkingDirectory(JOB, work, "out/frame-050.png", null, null, true,
                JobArtifacts.NONE);

        assertThat(saved.name()).isEqualTo("frame-050.png");
        assertThat(saved.mediaType()).isEqualTo("image/png");
        assertThat(saved.sizeBytes()).isEqualTo(png.length);
        assertThat(saved.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(png)));
        assertThat(saved.location()).isEqualTo(ArtifactKeys.content(JOB, saved.sha256()));
        try (InputStream in = store.open(saved.location(), 0, png.length)) {
            assertThat(in.readAllBytes()).isEqualTo(png);
        }
        try (var in = ImageIO.createImageInputStream(store.open(saved.thumbnail(), 0,
                store.size(saved.thumbnail()).orElseThrow()))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertThat(reader.getWidth(0)).as("the longest side scaled to the thumbnail size").isEqualTo(64);
            assertThat(reader.getHeight(0)).isEqualTo(32);
        }
    }

    @Test
    void aClaimedTypeTheBytesAgreeWithIsKeptAsTheMoreSpecificOne() throws Exception {
        Files.writeString(work.resolve("rejected.csv"), "id,reason\n7,missing email\n");
        Files.writeString(work.resolve("junit.xml"), "<?xml version=\"1.0\"?><testsuite tests=\"1\"/>");

        assertThat(intake.fromWorkingDirectory(JOB, work, "rejected.csv", "rejected", null, false,
                JobArtifacts.NONE).mediaType()).isEqualTo("text/csv");
        assertThat(intake.fromWorkingDirectory(JOB, work, "junit.xml", null, null, false, JobArtifacts.NONE)
                .mediaType()).isEqualTo("application/xml");
    }

    @Test
    void aPathOutsideTheWorkingDirectoryIsRefused() throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "not the job's");
        String up = work.relativize(outside.resolve("secret.txt")).toString();

        assertRefused("../" + outside.getFileName() + "/secret.txt", "leads outside the job's working directory");
        assertRefused(up, "leads outside the job's working directory");
        assertRefused(outside.resolve("secret.txt").toString(), "is absolute");
        assertRefused("missing.txt", "is not a file");
    }

    @Test
    void aSymbolicLinkOutOfTheWorkingDirectoryIsNotFollowed() throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "not the job's");
        Files.createSymbolicLink(work.resolve("report.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(work.resolve("out"), outside);

        assertRefused("report.txt", "goes through a symbolic link (report.txt)");
        assertRefused("out/secret.txt", "goes through a symbolic link (out)");
    }

    @Test
    void anOversizeFileIsRefusedAndSoIsOneBeyondTheJobsAllowance() throws IOException {
        Files.write(work.resolve("big.bin"), new byte[1024 * 1024 + 1]);
        Files.write(work.resolve("half.bin"), new byte[600 * 1024]);

        assertRefused("big.bin", "larger than the limit of 1 MiB per artifact");
        assertThatThrownBy(() -> intake.fromWorkingDirectory(JOB, work, "half.bin", null, null, false,
                kept(Map.of("a", 1024L * 1024, "b", 500L * 1024))))
                .isInstanceOf(ArtifactRefused.class).hasMessageContaining("beyond their limit of 2 MiB");
        assertThatThrownBy(() -> intake.fromWorkingDirectory(JOB, work, "half.bin", null, null, false,
                kept(Map.of("a", 1L, "b", 1L, "c", 1L))))
                .isInstanceOf(ArtifactRefused.class).hasMessageContaining("already has 3 artifacts");
    }

    @Test
    void anArtifactSavedAgainUnderItsNameReleasesTheBytesItReplacedUnlessAnotherNameHasThem() throws Exception {
        Files.writeString(work.resolve("latest.txt"), "first");
        StoredArtifact first = intake.fromWorkingDirectory(JOB, work, "latest.txt", null, null, false,
                JobArtifacts.NONE);
        StoredArtifact copy = intake.fromWorkingDirectory(JOB, work, "latest.txt", "copy.txt", null, false,
                JobArtifacts.NONE.with(first));
        Files.writeString(work.resolve("latest.txt"), "second");
        JobArtifacts both = JobArtifacts.NONE.with(first).with(copy);

        StoredArtifact second = intake.fromWorkingDirectory(JOB, work, "latest.txt", null, null, false, both);
        assertThat(second.released()).as("copy.txt still has the first bytes").isEmpty();

        StoredArtifact third = intake.fromWorkingDirectory(JOB, work, "latest.txt", null, null, false,
                JobArtifacts.NONE.with(second));
        assertThat(third.released()).isEmpty(); // the same bytes again: nothing replaced
        Files.writeString(work.resolve("latest.txt"), "third");
        StoredArtifact fourth = intake.fromWorkingDirectory(JOB, work, "latest.txt", null, null, false,
                JobArtifacts.NONE.with(second));
        assertThat(fourth.released()).contains(second.location());
        intake.release(fourth);
        assertThat(store.size(second.location())).isEmpty();
        assertThat(store.size(fourth.location())).hasValue(5);
    }

    @Test
    void contentThatContradictsItsClaimedTypeIsRefused() throws Exception {
        Files.writeString(work.resolve("frame.png"), "this is text, not an image");
        Files.write(work.resolve("notes.txt"), png(4, 4));
        Files.writeString(work.resolve("report.html"), "<html><body>report</body></html>");

        assertRefused("frame.png", "its content is text/plain, not image/png as its name says");
        assertRefused("notes.txt", "its content is image/png, not text/plain as its name says");
        byte[] noise = new byte[256];
        new Random(7).nextBytes(noise);
        noise[0] = 0; // not text, and no image's signature
        Files.write(work.resolve("noise.png"), noise);
        Files.write(work.resolve("table.parquet"), noise);
        Files.write(work.resolve("model.bin"), noise);
        assertRefused("noise.png", "its content is application/octet-stream, not image/png as its name says");
        assertRefused("table.parquet", "not application/x-parquet as its name says");
        assertThat(intake.fromWorkingDirectory(JOB, work, "model.bin", null, null, false, JobArtifacts.NONE)
                .mediaType()).as("bytes that claim nothing in particular").isEqualTo("application/octet-stream");
        assertThatThrownBy(() -> intake.fromWorkingDirectory(JOB, work, "report.html", null, "image/jpeg", false,
                JobArtifacts.NONE)).isInstanceOf(ArtifactRefused.class)
                .hasMessageContaining("not image/jpeg as declared");
        assertThatThrownBy(() -> intake.fromWorkingDirectory(JOB, work, "report.html", null, null, true,
                JobArtifacts.NONE)).isInstanceOf(ArtifactRefused.class)
                .hasMessageContaining("a preview must be a PNG, JPEG, GIF or WebP image; this is text/html");
    }

    @Test
    void anUploadIsCheckedTheSameWayAndNamesMustBePlain() throws Exception {
        byte[] text = "id,reason\n".getBytes(StandardCharsets.UTF_8);

        assertThat(intake.fromUpload(JOB, new ByteArrayInputStream(text), "rows.csv", null, null, false,
                JobArtifacts.NONE).mediaType()).isEqualTo("text/csv");
        assertThatThrownBy(() -> intake.fromUpload(JOB, new ByteArrayInputStream(text), "../rows.csv", null, null,
                false, JobArtifacts.NONE)).isInstanceOf(ArtifactRefused.class)
                .hasMessageContaining("not a plain file name");
        assertThatThrownBy(() -> intake.fromUpload(JOB, new ByteArrayInputStream(text), "rows.png", null, null,
                false, JobArtifacts.NONE)).isInstanceOf(ArtifactRefused.class).hasMessageContaining("not image/png");
    }

    private void assertRefused(String path, String reason) {
        assertThatThrownBy(() -> intake.fromWorkingDirectory(JOB, work, path, null, null, false, JobArtifacts.NONE))
                .isInstanceOf(ArtifactRefused.class).hasMessageContaining(reason);
    }

    /** What a job has stored, by name and size. */
    private static JobArtifacts kept(Map<String, Long> sizes) {
        Map<String, JobArtifacts.Kept> kept = new HashMap<>();
        sizes.forEach((name, size) -> kept.put(name, new JobArtifacts.Kept(size, name.repeat(64))));
        return new JobArtifacts(kept);
    }

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            image.setRGB(x, height / 2, 0x3b82f6);
        }
        var out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
