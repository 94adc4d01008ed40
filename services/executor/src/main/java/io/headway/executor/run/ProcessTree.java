package io.headway.executor.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * A job's process and everything it started: signalled and measured as one. Java's {@link ProcessHandle} finds the
 * tree and sends SIGTERM and SIGKILL; stopping and continuing it (pause, resume) uses the system's {@code kill}, as
 * Java has no API for SIGSTOP; OSHI reads CPU time, resident memory and I/O of each member.
 */
final class ProcessTree {

    private static final OperatingSystem OS = new SystemInfo().getOperatingSystem();

    private final ProcessHandle root;

    ProcessTree(ProcessHandle root) {
        this.root = root;
    }

    /** The root first, then every live descendant. */
    List<ProcessHandle> members() {
        return Stream.concat(Stream.of(root), root.descendants()).filter(ProcessHandle::isAlive).toList();
    }

    /** SIGTERM to every member, children first so none is orphaned to init. */
    void terminate() {
        members().reversed().forEach(ProcessHandle::destroy);
    }

    /** SIGKILL to every member. */
    void kill() {
        members().reversed().forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGSTOP (pause) or SIGCONT (resume) to every member. */
    void signal(String signal) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        members().forEach(p -> command.add(Long.toString(p.pid())));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to job processes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * CPU time used so far (user + system), resident memory, bytes read and written, summed over the tree as the
     * shared {@link ProcessTable} last saw it.
     */
    Usage usage() {
        long cpuMillis = 0;
        long rss = 0;
        long read = 0;
        long written = 0;
        for (long pid : ProcessTable.tree(root.pid())) {
            OSProcess process = OS.getProcess((int) pid);
            if (process != null) {
                cpuMillis += process.getUserTime() + process.getKernelTime();
                rss += process.getResidentSetSize();
                read += process.getBytesRead();
                written += process.getBytesWritten();
            }
        }
        return new Usage(cpuMillis, rss, read, written);
    }

    record Usage(long cpuMillis, long rssBytes, long readBytes, long writeBytes) {
    }
}
