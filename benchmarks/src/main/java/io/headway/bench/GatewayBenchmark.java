package io.headway.bench;

import io.headway.bench.gateway.EndToEnd;
import io.headway.bench.gateway.FanOut;
import io.headway.bench.gateway.Footprint;
import io.headway.bench.gateway.GatewayRun;
import io.headway.bench.gateway.Subscribers;
import io.headway.events.codec.HeadwayJson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * What one gateway instance holds and delivers on this machine, against the real stack, in three parts that run alone
 * as subcommands or, without one, all in order on one gateway. {@code connections} opens {@code --connections}
 * WebSocket subscribers and prints how many it held and the gateway's memory per connection (heap after a full GC, and
 * resident memory). {@code fanout} publishes snapshots of the jobs they follow and prints the frames per second
 * delivered. {@code latency} runs an aggregator too, produces {@code ProgressReported} events open loop at
 * {@code --rate} per second, and prints the latency from each event's due time to its snapshot's arrival at a
 * WebSocket client, with HdrHistogram, and how soon a job submitted over REST shows as QUEUED. Each run ends with one
 * JSON line of what it printed.
 *
 * <p>The parts share their fixtures ({@link GatewayRun}: topics, processes, clients and job ids of the run's own;
 * {@link Subscribers}) and read every frame as a {@code ServerMessage}.
 */
@Command(name = "gateway-benchmark", mixinStandardHelpOptions = true,
        subcommands = {GatewayBenchmark.ConnectionsCommand.class, GatewayBenchmark.FanOutCommand.class,
            GatewayBenchmark.LatencyCommand.class},
        description = "Measures WebSocket subscribers held, memory per connection, frames/s and end-to-end latency; "
                + "without a subcommand, all three in order.")
public final class GatewayBenchmark implements Callable<Integer> {

    @Mixin
    GatewayRun.Options gateway;

    @Mixin
    Subscribers.Options subscribers;

    @Mixin
    FanOut.Options fanOut;

    @Mixin
    EndToEnd.Options latency;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayBenchmark()).execute(args));
    }

    /** All three parts in order, on one gateway; the subscribers stay open through the latency part. */
    @Override
    public Integer call() throws Exception {
        return withSubscribers("gateway", gateway, subscribers, latency.aggregatorJar(), (run, open, line) -> {
            line.put("connections", connections(run, open));
            line.put("fanOut", fanOut(run, open, fanOut));
            line.put("latency", latency(run, latency));
        });
    }

    /** The options of the subcommands that open subscribers. */
    abstract static class WithSubscribers implements Callable<Integer> {
        @Mixin
        GatewayRun.Options gateway;

        @Mixin
        Subscribers.Options subscribers;
    }

    @Command(name = "connections", mixinStandardHelpOptions = true,
            description = "Opens WebSocket subscribers and measures the gateway's memory per connection.")
    static final class ConnectionsCommand extends WithSubscribers {
        @Override
        public Integer call() throws Exception {
            return withSubscribers("gateway-connections", gateway, subscribers, null,
                    (run, open, line) -> line.put("connections", connections(run, open)));
        }
    }

    @Command(name = "fanout", mixinStandardHelpOptions = true,
            description = "Opens WebSocket subscribers, publishes snapshots of their jobs and counts the frames "
                    + "delivered.")
    static final class FanOutCommand extends WithSubscribers {
        @Mixin
        FanOut.Options fanOut;

        @Override
        public Integer call() throws Exception {
            return withSubscribers("gateway-fanout", gateway, subscribers, null, (run, open, line) -> {
                Subscribers.Opened opened = open.open();
                System.out.printf("%nSubscribers%n");
                opened.print();
                line.put("subscribers", opened);
                line.put("fanOut", fanOut(run, open, fanOut));
            });
        }
    }

    @Command(name = "latency", mixinStandardHelpOptions = true,
            description = "Runs an aggregator too and measures event -> WebSocket latency, open loop, and REST "
                    + "submit -> QUEUED; without the other parts' subscribers.")
    static final class LatencyCommand implements Callable<Integer> {
        @Mixin
        GatewayRun.Options gateway;

        @Mixin
        EndToEnd.Options latency;

        @Override
        public Integer call() throws Exception {
            return measure("gateway-latency", gateway, 0, latency.aggregatorJar(),
                    (run, line) -> line.put("latency", latency(run, latency)));
        }
    }

    /** What a command measures on its run, putting each part's result in the JSON line. */
    @FunctionalInterface
    private interface Parts {
        void measure(GatewayRun run, Map<String, Object> line) throws Exception;
    }

    /** What a command measures on its run's subscribers. */
    @FunctionalInterface
    private interface SubscriberParts {
        void measure(GatewayRun run, Subscribers subscribers, Map<String, Object> line) throws Exception;
    }

    /**
     * Runs {@code parts} on a gateway (and an aggregator, given its jar) started on topics of the run's own, which are
     * deleted afterwards; then prints the JSON line.
     */
    private static int measure(String benchmark, GatewayRun.Options gateway, int connections, Path aggregatorJar,
            Parts parts) throws Exception {
        GatewayRun run = new GatewayRun();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("benchmark", benchmark);
        line.put("run", run.id());
        RunTopics.around(run.topics(), () -> {
            try (run) {
                run.start(gateway, connections, aggregatorJar);
                parts.measure(run, line);
            }
        });
        System.out.println(HeadwayJson.mapper().writeValueAsString(line));
        return 0;
    }

    /** {@link #measure} with subscribers, opened by the parts and closed after them. */
    private static int withSubscribers(String benchmark, GatewayRun.Options gateway, Subscribers.Options options,
            Path aggregatorJar, SubscriberParts parts) throws Exception {
        return measure(benchmark, gateway, options.connections(), aggregatorJar, (run, line) -> {
            try (Subscribers subscribers = new Subscribers(run, options)) {
                parts.measure(run, subscribers, line);
            }
        });
    }

    /** Opens the subscribers between two readings of the gateway's memory. */
    private static Footprint.Cost connections(GatewayRun run, Subscribers subscribers) throws Exception {
        Footprint before = Footprint.of(run.gateway());
        Subscribers.Opened opened = subscribers.open();
        Footprint.Cost cost = new Footprint.Cost(opened, before, Footprint.of(run.gateway()));
        cost.print();
        return cost;
    }

    /** Publishes to the subscribers' jobs, with the CPU every JVM on the machine spent meanwhile. */
    private static FanOut.Result fanOut(GatewayRun run, Subscribers subscribers, FanOut.Options options) {
        long gateway = run.gateway().pid();
        long benchmark = ProcessHandle.current().pid();
        CpuMeter cpu = new CpuMeter().track("gateway", () -> List.of(gateway))
                .track("benchmark (clients and producer)", () -> List.of(benchmark))
                .track(run.aggregator().isPresent() ? "other JVMs (Kafka, idle aggregator)" : "other JVMs (Kafka)",
                        () -> CpuMeter.byName("java").stream()
                        .filter(pid -> pid != gateway && pid != benchmark).toList());
        FanOut.Result result = FanOut.publish(run, subscribers, options, cpu::start, cpu::percentOfOneCore);
        result.print();
        return result;
    }

    private static EndToEnd.Result latency(GatewayRun run, EndToEnd.Options options) throws Exception {
        EndToEnd.Result result = new EndToEnd(run, options).measure();
        result.print();
        return result;
    }
}
