package io.headway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live progress bars over the stream: one line per job, redrawn in place on a terminal (never more lines than it
 * has; the rest are summed up in a last line), or plain lines when the output is not a terminal (one per job each
 * time its percent or status changes). A line never goes backwards: a snapshot older than the one shown is ignored.
 */
final class Watch {

    private static final long REDRAW_MS = 100;

    private final Gateway gateway;
    private final PrintWriter out;
    private final Terminal terminal;
    private final Map<String, JsonNode> jobs = new LinkedHashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, String> printed = new HashMap<>();
    private int drawnLines;

    Watch(Gateway gateway, PrintWriter out, Terminal terminal) {
        this.gateway = gateway;
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Subscribes and draws until the jobs in {@code untilDone} have all ended (then returns the exit status of the
     * worst of them), or forever when it is empty.
     */
    int run(Map<String, Object> subscription, Set<String> untilDone) throws InterruptedException {
        try (StreamInbox inbox = StreamInbox.open(gateway, subscription)) {
            long nextDraw = 0;
            while (true) {
                JsonNode message = inbox.next(Duration.ofMillis(REDRAW_MS));
                if (message != null) {
                    accept(message);
                }
                long now = System.currentTimeMillis();
                if (now >= nextDraw) {
                    draw();
                    nextDraw = now + REDRAW_MS;
                }
                if (!untilDone.isEmpty() && untilDone.stream().allMatch(this::ended)) {
                    draw();
                    return untilDone.stream().mapToInt(id -> ExitCode.of(status(id))).max().orElse(ExitCode.OK);
                }
            }
        }
    }

    private void accept(JsonNode message) {
        switch (message.path("type").asText()) {
            case "snapshot" -> {
                String jobId = message.path("jobId").asText();
                long sequence = message.path("sequence").asLong();
                if (sequence > sequences.getOrDefault(jobId, -1L)) {
                    sequences.put(jobId, sequence);
                    jobs.put(jobId, message.path("state"));
                }
            }
            case "error" -> {
                out.println("stream: " + message.path("message").asText());
                out.flush();
            }
            default -> {
            }
        }
    }

    private boolean ended(String jobId) {
        return ProgressLine.terminal(status(jobId));
    }

    private String status(String jobId) {
        JsonNode state = jobs.get(jobId);
        return state == null ? "" : state.path("status").asText();
    }

    private void draw() {
        Instant now = Instant.now();
        if (!terminal.interactive()) {
            for (JsonNode state : jobs.values()) {
                String key = state.path("status").asText() + (int) Math.floor(state.path("progress").asDouble() * 100);
                String jobId = state.path("jobId").asText();
                if (!key.equals(printed.get(jobId))) {
                    printed.put(jobId, key);
                    out.println(ProgressLine.render(state, now, terminal.width(), false));
                }
            }
            out.flush();
            return;
        }
        List<JsonNode> ordered = new ArrayList<>(jobs.values());
        ordered.sort(Comparator.comparing((JsonNode s) -> ProgressLine.terminal(s.path("status").asText()))
                .thenComparing(s -> s.path("submittedAt").asText("")));
        int room = Math.max(1, terminal.height() - 1);
        List<String> lines = new ArrayList<>();
        if (ordered.isEmpty()) {
            lines.add("waiting for jobs…");
        }
        int shown = ordered.size() > room ? room - 1 : ordered.size();
        for (int i = 0; i < shown; i++) {
            lines.add(ProgressLine.render(ordered.get(i), now, terminal.width(), true));
        }
        if (shown < ordered.size()) {
            List<JsonNode> rest = ordered.subList(shown, ordered.size());
            long done = rest.stream().filter(s -> ProgressLine.terminal(s.path("status").asText())).count();
            lines.add("… and " + rest.size() + " more (" + done + " ended)");
        }
        StringBuilder frame = new StringBuilder();
        if (drawnLines > 0) {
            frame.append("\033[").append(drawnLines).append('F');
        }
        for (String line : lines) {
            frame.append("\033[2K").append(line).append('\n');
        }
        for (int i = lines.size(); i < drawnLines; i++) {
            frame.append("\033[2K\n");
        }
        drawnLines = Math.max(drawnLines, lines.size());
        out.print(frame);
        out.flush();
    }

    /** What is known of the terminal the command writes to. */
    record Terminal(boolean interactive, int width, int height) {

        /** The launcher says whether standard output is a terminal, and its size ({@code HEADWAY_TTY}, COLUMNS, LINES). */
        static Terminal detect() {
            boolean interactive = "1".equals(System.getenv("HEADWAY_TTY"));
            return new Terminal(interactive, number("COLUMNS", 120), number("LINES", 40));
        }

        private static int number(String variable, int fallback) {
            try {
                return Integer.parseInt(System.getenv().getOrDefault(variable, "").trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
    }
}
