package io.headway.artifacts;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Small PNGs of images, for job lists and galleries. An image is measured before it is decoded and left without a
 * thumbnail beyond {@value #MAX_PIXELS} pixels, so a small file that claims huge dimensions cannot exhaust memory.
 */
final class Thumbnails {

    static final long MAX_PIXELS = 40_000_000;

    static {
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
    }

    private final int size;

    Thumbnails(int size) {
        this.size = size;
    }

    /** A PNG no wider or taller than the size, written to a new temporary file; empty for what it cannot read. */
    Optional<Path> of(Path image) {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    return Optional.empty();
                }
                return Optional.of(write(scaled(reader.read(0))));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty(); // a broken image is still an artifact, only without a thumbnail
        }
    }

    private BufferedImage scaled(BufferedImage source) {
        double scale = Math.min(1.0, (double) size / Math.max(source.getWidth(), source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static Path write(BufferedImage image) throws IOException {
        Path file = Files.createTempFile("headway-thumb-", ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
