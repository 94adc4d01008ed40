package io.headway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process of the running stack killed with SIGKILL in the middle of a run, then started again the way a user
 * would ({@code headway.sh start PROCESS}, from the last build, waiting until it is ready): a chaos case. Killing
 * Redis loses its data too (the local stack keeps none on disk), so that case is Redis restarted empty; killing
 * PostgreSQL's postmaster makes it recover from its write-ahead log when it starts again.
 * Knows when it struck and when the process was back; the benchmark judges the rest (accounting, recovery).
 */
final class Fault {

    /** What to kill (one of {@link #PROCESSES}) and how many seconds into the measured part. */
    record Spec(String process, int afterSeconds) {

        static Spec parse(String text) {
            String[] parts = text.split("@", 2);
            if (parts.length != 2 || !Fault.killable(parts[0])) {
                throw new IllegalArgumentException("a fault is PROCESS@SECONDS, PROCESS one of "
                        + String.join(", ", PROCESSES) + ": not '" + text + "'");
            }
            int seconds = Integer.parseInt(parts[1]);
            if (seconds < 0) {
                throw new IllegalArgumentException("a fault's seconds must not be negative: " + text);
            }
            return new Spec(parts[0], seconds);
        }

        @Override
        public String toString() {
            return process + "@" + afterSeconds;
        }
    }

    private final Spec spec;
    private final Path stackDir;
    private volatile long killedAt;
    private volatile long backAt;

    Fault(Spec spec, Path stackDir) {
        this.spec = spec;
        this.stackDir = stackDir;
    }

    /** The processes a fault can strike. */
    static final List<String> PROCESSES = List.of("aggregator", "gateway", "executor", "eta-predictor", "kafka",
            "redis", "postgres");

    static boolean killable(String process) {
        return PROCESSES.contains(process);
    }

    Spec spec() {
        return spec;
    }

    /** When the process was killed, on the monotonic clock (0 before). */
    long killedAt() {
        return killedAt;
    }

    /** When the restarted process was ready, on the monotonic clock (0 before, or if it never was). */
    long backAt() {
        return backAt;
    }

    /** Kills the process, waits until it is gone, starts it again and waits until it is ready. */
    void strike() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(pidFile()).getFirst().strip());
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(spec.process() + " (pid " + pid + ") is not running"));
        killedAt = System.nanoTime();
        process.destroyForcibly();
        process.onExit().join();
        System.out.printf("fault: %s (pid %d) killed with SIGKILL; starting it again%n", spec.process(), pid);
        // From the repository's root, wherever the run was started (a test runs in its module's folder).
        Path root = Path.of(System.getenv().getOrDefault("HEADWAY_ROOT", "."));
        Process up = new ProcessBuilder("bash", "deploy/local/headway.sh", "start", spec.process())
                .directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(stackDir.resolve("fault-restart.log").toFile()).start();
        if (!up.waitFor(5, TimeUnit.MINUTES) || up.exitValue() != 0) {
            System.out.printf("fault: %s did not come back; see %s%n", spec.process(),
                    stackDir.resolve("fault-restart.log"));
            return;
        }
        backAt = System.nanoTime();
        System.out.printf("fault: %s ready again %.1f s after it was killed%n", spec.process(),
                (backAt - killedAt) / 1e9);
    }

    private Path pidFile() {
        return switch (spec.process()) {
            case "kafka" -> stackDir.resolve("kafka/kafka.pid");
            case "redis" -> stackDir.resolve("redis/redis.pid");
            case "postgres" -> stackDir.resolve("postgres/data/postmaster.pid"); // the postmaster's pid first
            default -> stackDir.resolve("services").resolve(spec.process() + ".pid");
        };
    }
}
