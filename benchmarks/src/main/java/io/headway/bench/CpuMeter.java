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
 * much of a core each part of the stack used.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Map<String, Supplier<List<Long>>> groups = new LinkedHashMap<>();
    /** Per group, the ticks of each of its processes at the start. */
    private final Map<String, Map<Long, Long>> startTicks = new LinkedHashMap<>();
    private long startNanos;

    /** A named group of processes, found again at each reading (PostgreSQL starts backends as it goes). */
    CpuMeter track(String name, Supplier<List<Long>> pids) {
        groups.put(name, pids);
        return this;
    }

    void start() {
        groups.forEach((name, pids) -> startTicks.put(name, ticks(pids.get())));
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
        groups.forEach((name, pids) -> {
            Map<Long, Long> before = startTicks.get(name);
            long ticks = 0;
            for (Map.Entry<Long, Long> now : ticks(pids.get()).entrySet()) {
                ticks += now.getValue() - before.getOrDefault(now.getKey(), 0L);
            }
            used.put(name, ticks / TICKS_PER_SECOND);
        });
        return used;
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
}
