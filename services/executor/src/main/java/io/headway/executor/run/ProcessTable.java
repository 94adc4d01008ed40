package io.headway.executor.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which process started which, read from the system at most every {@link #MAX_AGE_NANOS} and shared by every job's
 * sampler: finding a tree's members means listing all processes, and a hundred jobs doing that every second each
 * was most of the executor's CPU. Signals do not use it; they look at the tree as it is at that moment.
 */
final class ProcessTable {

    private static final long MAX_AGE_NANOS = 500_000_000L;

    private static Snapshot snapshot = new Snapshot(System.nanoTime() - MAX_AGE_NANOS - 1, Map.of());

    private ProcessTable() {
    }

    private record Snapshot(long takenNanos, Map<Long, List<Long>> children) {
    }

    /** The pid of {@code root} and of every process below it, as of the last reading. */
    static List<Long> tree(long root) {
        Map<Long, List<Long>> children = current().children();
        List<Long> members = new ArrayList<>();
        Deque<Long> next = new ArrayDeque<>(List.of(root));
        while (!next.isEmpty()) {
            long pid = next.pop();
            members.add(pid);
            next.addAll(children.getOrDefault(pid, List.of()));
        }
        return members;
    }

    private static synchronized Snapshot current() {
        if (System.nanoTime() - snapshot.takenNanos() > MAX_AGE_NANOS) {
            Map<Long, List<Long>> children = new HashMap<>();
            ProcessHandle.allProcesses().forEach(p -> p.parent().ifPresent(parent ->
                    children.computeIfAbsent(parent.pid(), k -> new ArrayList<>()).add(p.pid())));
            snapshot = new Snapshot(System.nanoTime(), children);
        }
        return snapshot;
    }
}
