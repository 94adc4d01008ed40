package io.headway.cli;

import io.headway.events.JobSnapshot;
import io.headway.events.state.JobState;
import io.headway.stream.ClientMessage;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
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
 * An alert about a watched job raised, updated or resolved is printed once, above the bars ({@link AlertLine}), as
 * are the stream's errors.
 */
final class Watch {

    private static final long REDRAW_MS = 100;

    private final Gateway gateway;
    private final PrintWriter out;
    private final Terminal terminal;
    private final Map<String, JobState> jobs = new LinkedHashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, String> printed = new HashMap<>();
    private final List<String> notices = new ArrayList<>();   // printed once, at the next draw
    private final Screen screen = new Screen();

    Watch(Gateway gateway, PrintWriter out, Terminal terminal) {
        this.gateway = gateway;
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Subscribes and draws until the jobs in {@code untilDone} have all ended (then returns the exit status of the
     * worst of them), or forever when it is empty.
     */
    int run(ClientMessage.Subscribe subscription, Set<String> untilDone) throws InterruptedException {
        try (StreamClient stream = gateway.stream(subscription.coalescing((int) REDRAW_MS))) {
            long nextDraw = 0;
            while (true) {
                Gateway.next(stream, Duration.ofMillis(REDRAW_MS)).ifPresent(this::accept);
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

    private void accept(ServerMessage message) {
        switch (message) {
            case ServerMessage.Snapshot snapshot -> accept(snapshot.toJobSnapshot());
            case ServerMessage.Snapshots snapshots -> snapshots.snapshots().forEach(this::accept);
            case ServerMessage.AlertChanged changed -> notices.add(AlertLine.render(changed.alert()));
            case ServerMessage.Error error -> notices.add("stream: " + error.message());
            default -> {
            }
        }
    }

    private void accept(JobSnapshot snapshot) {
        if (snapshot.sequence() > sequences.getOrDefault(snapshot.jobId(), -1L)) {
            sequences.put(snapshot.jobId(), snapshot.sequence());
            jobs.put(snapshot.jobId(), snapshot.state());
        }
    }

    private boolean ended(String jobId) {
        JobState state = jobs.get(jobId);
        return state != null && state.status().isTerminal();
    }

    private String status(String jobId) {
        return jobs.get(jobId).status().name();
    }

    private void draw() {
        Instant now = Instant.now();
        if (!terminal.interactive()) {
            notices.forEach(out::println);
            notices.clear();
            for (JobState state : jobs.values()) {
                String key = state.status().name() + (int) Math.floor(state.progress() * 100);
                if (!key.equals(printed.get(state.jobId()))) {
                    printed.put(state.jobId(), key);
                    out.println(ProgressLine.render(state, now, terminal.width(), false));
                }
            }
            out.flush();
            return;
        }
        List<JobState> ordered = new ArrayList<>(jobs.values());
        ordered.sort(Comparator.comparing((JobState s) -> s.status().isTerminal())
                .thenComparing(JobState::submittedAt, Comparator.nullsLast(Comparator.naturalOrder())));
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
            List<JobState> rest = ordered.subList(shown, ordered.size());
            long done = rest.stream().filter(s -> s.status().isTerminal()).count();
            lines.add("… and " + rest.size() + " more (" + done + " ended)");
        }
        out.print(screen.frame(notices, lines));
        out.flush();
        notices.clear();
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
