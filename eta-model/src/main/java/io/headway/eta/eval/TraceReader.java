package io.headway.eta.eval;

import io.headway.events.ProgressEvent;
import io.headway.events.codec.ProgressEventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a trace: JSON lines of {@code headway.progress} events exactly as the codec writes them (a {@code kcat -C
 * -e -f '%s\n'} dump, or {@code TraceGenerator}'s output), plain or gzipped ({@code .gz}). Blank lines are skipped;
 * a line that is not an event fails with its line number. Events are put in time order (stable), since a dump of
 * several partitions interleaves them only roughly.
 */
public final class TraceReader {

    private TraceReader() {
    }

    public static List<ProgressEvent> read(Path file) throws IOException {
        ProgressEventCodec codec = new ProgressEventCodec();
        List<ProgressEvent> events = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(codec.decode(line.getBytes(StandardCharsets.UTF_8)));
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + number + ": not a headway.progress event: " + e.getMessage(), e);
                }
            }
        }
        events.sort(Comparator.comparing(ProgressEvent::occurredAt));
        return events;
    }
}
