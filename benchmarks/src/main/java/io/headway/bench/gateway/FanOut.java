package io.headway.bench.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The fan-out part: snapshots of the jobs the {@link Subscribers} follow, published to the run's job-state topic as
 * the aggregator would, at {@code --fanout-rate} for {@code --fanout-seconds}; counts the frames the subscribers get.
 */
public final class FanOut {

    public static final class Options {
        @Option(names = "--fanout-rate", description = "snapshots/s published (default ${DEFAULT-VALUE})")
        int rate = 10_000;

        @Option(names = "--fanout-seconds", description = "how long snapshots are published (default ${DEFAULT-VALUE})")
        int seconds = 20;
    }

    /**
     * What was published and delivered.
     *
     * @param perJob              subscribers following each job: the frames each snapshot asks for
     * @param cpuPercentOfOneCore per group of processes, over the publishing
     */
    public record Result(long published, double seconds, int perJob, long delivered,
            Map<String, Double> cpuPercentOfOneCore) {

        /** The frames the snapshots ask for: one per snapshot and subscriber of its job. */
        @JsonProperty
        public long changes() {
            return published * perJob;
        }

        @JsonProperty
        public double framesPerSecond() {
            return Percentiles.round(delivered / seconds);
        }

        /** The changes a subscriber got in a later frame instead of its own (the gateway coalesces a slow client's). */
        @JsonProperty
        public double coalescedPercent() {
            return Percentiles.round(100.0 * (changes() - delivered) / Math.max(1, changes()));
        }

        public void print() {
            System.out.printf("%nPart 2: fan-out%n");
            System.out.printf("  snapshots published        %,d in %.1f s (%,.0f/s), each followed by %d subscribers%n",
                    published, seconds, published / seconds, perJob);
            System.out.printf("  frames delivered           %,d (%,.0f/s) of %,d changes (%.1f%% coalesced)%n",
                    delivered, framesPerSecond(), changes(), coalescedPercent());
            cpuPercentOfOneCore.forEach((name, share) -> System.out.printf("  CPU %-24s %.1f%% of one core%n", name,
                    share));
        }
    }

    private FanOut() {
    }

    /**
     * Publishes, open loop, and returns what the subscribers received meanwhile.
     *
     * @param startCpu            called right before the first snapshot
     * @param cpuPercentOfOneCore read right after the last
     */
    public static Result publish(GatewayRun run, Subscribers subscribers, Options options, Runnable startCpu,
            Supplier<Map<String, Double>> cpuPercentOfOneCore) {
        List<JobState> states = new ArrayList<>(subscribers.jobs());
        for (int j = 0; j < subscribers.jobs(); j++) {
            states.add(run.submitted(run.fanOutJob(j)));
        }
        long framesBefore = subscribers.frames();
        startCpu.run();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(options.seconds);
        long published = 0;
        while (System.nanoTime() < end) {
            int j = (int) (published % states.size());
            JobState next = JobReducer.apply(states.get(j), GatewayRun.progress(states.get(j).jobId(),
                    Instant.now()));
            states.set(j, next);
            run.publish(next);
            published++;
            LockSupport.parkNanos(Math.max(0, start + published * 1_000_000_000L / options.rate - System.nanoTime()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long delivered = subscribers.frames() - framesBefore;
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuPercentOfOneCore.get().forEach((name, share) -> cpu.put(name, Percentiles.round(share)));
        return new Result(published, Percentiles.round(seconds), subscribers.perJob(), delivered, cpu);
    }
}
