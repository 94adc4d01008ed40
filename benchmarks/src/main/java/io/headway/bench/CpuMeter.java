package io.headway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time of groups of processes, read from {@code /proc/<pid>/stat} (user + system ticks), so a run can say how
 * much of a core each part of the stack used; and how often their threads were woken, read from each thread's
 * {@code voluntary_ctxt_switches} (a thread that blocked and was woken again), since on this kind of machine a
 * wake-up is what a hop costs most at low rates.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Map<String, Supplier<List<Long>>> groups = new LinkedHashMap<>();
    /** Per group, the ticks of each of its processes at the start. */
    private final Map<String, Map<Long, Long>> startTicks = new LinkedHashMap<>();
    /** Per group, the wake-ups of each of its processes' threads at the start, by thread id. */
    private final Map<String, Map<Long, Long>> startWakeUps = new LinkedHashMap<>();
    private long startNanos;

    /** A named group of processes, found again at each reading (PostgreSQL starts backends as it goes). */
    CpuMeter track(String name, Supplier<List<Long>> pids) {
        groups.put(name, pids);
        return this;
    }

    void start() {
        groups.forEach((name, pids) -> {
            List<Long> now = pids.get();
            startTicks.put(name, ticks(now));
            startWakeUps.put(name, wakeUps(now));
        });
        startNanos = System.nanoTime();
    }

    /** Per group: the share of one core used since {@link #start()}, in percent. */
    Map<String, Double> percentOfOneCore() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Double> shares = new LinkedHashMap<>();
        cpuSeconds().forEach((name, used) -> shares.put(name, used / seconds * 100));
        return shares;
    }

    /**
     * Per group: the CPU seconds (user and system) used since {@link #start()}, process by process: one started since
     * counts whole (a service restarted by a chaos case, a new PostgreSQL backend); one that ended since is missing
     * from the sum, since its last ticks cannot be read any more.
     */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> used = new LinkedHashMap<>();
        groups.forEach((name, pids) -> used.put(name, since(startTicks.get(name), ticks(pids.get()))
                / TICKS_PER_SECOND));
        return used;
    }

    /** Per group: how many times its processes' threads were woken since {@link #start()}, counted as CPU is. */
    Map<String, Long> wakeUps() {
        Map<String, Long> woken = new LinkedHashMap<>();
        groups.forEach((name, pids) -> woken.put(name, since(startWakeUps.get(name), wakeUps(pids.get()))));
        return woken;
    }

    /** The growth of counters keyed by process or thread id: one that is new counts whole. */
    private static long since(Map<Long, Long> before, Map<Long, Long> now) {
        long sum = 0;
        for (Map.Entry<Long, Long> counter : now.entrySet()) {
            sum += counter.getValue() - before.getOrDefault(counter.getKey(), 0L);
        }
        return sum;
    }

    /** CPU seconds the whole machine spent busy (every process and the kernel), from {@code /proc/stat}. */
    static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The pids of the processes whose command name is {@code name}. */
    static List<Long> byName(String name) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals(name))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    /** The pid written in a pid file, if the file is there. */
    static List<Long> fromPidFile(Path file) {
        try {
            return List.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    /** The pids written in the pid files of {@code folder} whose names match any of the glob patterns. */
    static List<Long> fromPidFiles(Path folder, String... patterns) {
        List<Long> pids = new ArrayList<>();
        for (String pattern : patterns) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, pattern)) {
                files.forEach(file -> pids.addAll(fromPidFile(file)));
            } catch (IOException e) {
                // no such folder: nothing runs
            }
        }
        return pids;
    }

    private static Map<Long, Long> ticks(List<Long> pids) {
        Map<Long, Long> ticks = new HashMap<>();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // utime, stime
            } catch (IOException | RuntimeException gone) {
                // the process ended between listing and reading
            }
        }
        return ticks;
    }

    /**
     * Per thread (by its id, unique on the machine): a thread that ended since the start drops out rather than
     * making the sum shrink, and one that started since counts whole.
     */
    private static Map<Long, Long> wakeUps(List<Long> pids) {
        Map<Long, Long> wakeUps = new HashMap<>();
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    wakeUps.put(Long.parseLong(thread.getFileName().toString()),
                            voluntarySwitches(thread.resolve("status")));
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended between listing and reading
            }
        }
        return wakeUps;
    }

    private static long voluntarySwitches(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the thread ended between listing and reading
        }
        return 0;
    }
}
