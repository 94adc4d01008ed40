package io.headway.bench.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.headway.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A service's memory: its heap in use right after a full GC (what its live objects take) and its resident memory.
 *
 * @param heapBytes     {@code jvm_memory_used_bytes} of the heap after {@code jcmd GC.run}
 * @param residentBytes {@code VmRSS} of the process
 */
public record Footprint(long heapBytes, long residentBytes) {

    public static Footprint of(ServiceProcess service) throws Exception {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(service.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        long heap = service.metrics().lines().filter(line -> line.startsWith("jvm_memory_used_bytes{")
                && line.contains("area=\"heap\"")).mapToLong(line -> (long) Double.parseDouble(
                        line.substring(line.lastIndexOf(' ') + 1))).sum();
        return new Footprint(heap, resident(service.pid()));
    }

    private static long resident(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0);
    }

    /** The connections part's result: the subscribers opened, and the gateway's memory before and after. */
    public record Cost(Subscribers.Opened subscribers, Footprint before, Footprint after) {

        @JsonProperty
        public double heapKiBPerConnection() {
            return perConnection(after.heapBytes - before.heapBytes);
        }

        @JsonProperty
        public double residentKiBPerConnection() {
            return perConnection(after.residentBytes - before.residentBytes);
        }

        public void print() {
            System.out.printf("%nPart 1: subscribers%n");
            subscribers.print();
            System.out.printf("  gateway heap after full GC %,d -> %,d KiB: %.1f KiB per connection%n",
                    before.heapBytes / 1024, after.heapBytes / 1024, heapKiBPerConnection());
            System.out.printf("  gateway resident memory    %,d -> %,d MiB: %.1f KiB per connection%n",
                    before.residentBytes / 1024 / 1024, after.residentBytes / 1024 / 1024,
                    residentKiBPerConnection());
        }

        private double perConnection(long bytes) {
            return Percentiles.round(bytes / 1024.0 / Math.max(1, subscribers.held()));
        }
    }
}
