package io.headway.bench;

import static org.awaitility.Awaitility.await;

import io.headway.events.JobSnapshot;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamCodec;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What one gateway instance holds and delivers on this machine, against the real stack. Part one opens
 * {@code --connections} WebSocket subscribers and prints how many it held and the gateway's memory per connection
 * (heap after a full GC, and resident memory). Part two publishes snapshots of the jobs they follow and prints the
 * frames per second delivered. Part three runs an aggregator too, produces {@code ProgressReported} events to
 * {@code headway.progress} open-loop at {@code --rate} per second, and prints the latency from each event's intended
 * send time to its snapshot's arrival at a WebSocket client, with HdrHistogram; and how soon a job submitted over
 * REST shows as QUEUED on a subscribed WebSocket.
 */
@Command(name = "gateway-benchmark", mixinStandardHelpOptions = true,
        description = "Measures WebSocket subscribers held, memory per connection, frames/s and end-to-end latency.")
public final class GatewayBenchmark implements Callable<Integer> {

    @Option(names = "--connections", description = "WebSocket subscribers to open (default ${DEFAULT-VALUE})")
    int connections = 10_000;

    @Option(names = "--jobs", description = "jobs the subscribers follow, evenly (default ${DEFAULT-VALUE})")
    int jobs = 1_000;

    @Option(names = "--fanout-rate", description = "snapshots/s published in part two (default ${DEFAULT-VALUE})")
    int fanoutRate = 10_000;

    @Option(names = "--fanout-seconds", description = "how long part two runs (default ${DEFAULT-VALUE})")
    int fanoutSeconds = 20;

    @Option(names = "--rate", description = "progress events/s produced in part three (default ${DEFAULT-VALUE})")
    int rate = 5_000;

    @Option(names = "--latency-jobs", description = "jobs the events of part three go to (default ${DEFAULT-VALUE})")
    int latencyJobs = 1_000;

    @Option(names = "--latency-seconds", description = "how long part three measures (default ${DEFAULT-VALUE})")
    int latencySeconds = 30;

    @Option(names = "--gateway-jar", description = "the packaged gateway (default ${DEFAULT-VALUE})")
    Path gatewayJar = Path.of("services/gateway/target/quarkus-app/quarkus-run.jar");

    @Option(names = "--aggregator-jar", description = "the packaged aggregator (default ${DEFAULT-VALUE})")
    Path aggregatorJar = Path.of("services/aggregator/target/quarkus-app/quarkus-run.jar");

    private static final int WARM_UP_SECONDS = 5;

    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    /** Topics of the run's own, so nothing it produces reaches the services a developer runs on the stack. */
    private final String progressTopic = Topics.PROGRESS + "." + run;
    private final String jobStateTopic = Topics.JOB_STATE + "." + run;
    private final String requestsTopic = Topics.JOB_REQUESTS + "." + run;
    private final String tenant = run;
    private final String key = "hw_bench_" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, byte[]> producer = producer();

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path logs = Files.createTempDirectory("gateway-" + run);
        System.out.printf("run %s: service logs in %s%n", run, logs);
        RunTopics.around(List.of(progressTopic, jobStateTopic, requestsTopic), () -> run(logs));
        return 0;
    }

    private void run(Path logs) throws Exception {
        try (ServiceProcess aggregator = new ServiceProcess(aggregatorJar, Stream.concat(
                ServiceProcess.aggregatorGroup(run + "-aggregator").stream(), Stream.of(
                "mp.messaging.incoming.progress.topic=" + progressTopic,
                "headway.aggregator.job-state-topic=" + jobStateTopic,
                "mp.messaging.incoming.progress.auto.offset.reset=latest",
                "mp.messaging.incoming.logs.auto.offset.reset=latest")).toList(),
                logs.resolve("aggregator.log")).start();
                ServiceProcess gateway = new ServiceProcess(gatewayJar, List.of(
                        "headway.gateway.auth.dev-key=" + key,
                        "headway.gateway.topics.progress=" + progressTopic,
                        "headway.gateway.topics.job-requests=" + requestsTopic,
                        "mp.messaging.incoming.job-state-feed.topic=" + jobStateTopic,
                        "headway.gateway.auth.dev-tenant=" + tenant,
                        "headway.gateway.limits.connections-per-key=" + (connections + 100),
                        "headway.gateway.limits.submit-rate=1000"),
                        logs.resolve("gateway.log")).start()) {
            Vertx vertx = Vertx.vertx();
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(connections + 100).setConnectTimeout(60_000).setIdleTimeout(0));
            try {
                LongAdder frames = new LongAdder();
                List<WebSocket> subscribers = subscribers(client, gateway, frames);
                fanOut(gateway, frames);
                latency(client, gateway);
                aggregatorPhases(aggregator);
                subscribers.forEach(WebSocket::close);
            } finally {
                client.close();
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                producer.close();
            }
        }
    }

    /** Part one: opens the subscribers, each following one of {@code --jobs} jobs, and measures what they cost. */
    private List<WebSocket> subscribers(WebSocketClient client, ServiceProcess gateway, LongAdder frames)
            throws Exception {
        long heapBefore = heapAfterFullGc(gateway);
        long rssBefore = rss(gateway.pid());
        Semaphore connecting = new Semaphore(200);
        CountDownLatch subscribed = new CountDownLatch(connections);
        AtomicInteger failed = new AtomicInteger();
        List<WebSocket> sockets = new ArrayList<>(connections);
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            connecting.acquire();
            String jobId = fanOutJob(i % jobs);
            client.connect(connect(gateway)).onComplete(result -> {
                connecting.release();
                if (result.failed()) {
                    failed.incrementAndGet();
                    subscribed.countDown();
                    return;
                }
                WebSocket socket = result.result();
                synchronized (sockets) {
                    sockets.add(socket);
                }
                socket.textMessageHandler(text -> {
                    if (StreamCodec.isA(text, ServerMessage.Subscribed.TYPE)) {
                        subscribed.countDown();
                    } else if (StreamCodec.isA(text, ServerMessage.Snapshot.TYPE)) {
                        frames.increment();
                    }
                });
                socket.writeTextMessage(StreamCodec.encode(Subscribe.jobs(jobId)));
            });
        }
        if (!subscribed.await(10, TimeUnit.MINUTES)) {
            System.out.printf("only %,d of %,d subscribers were acknowledged within 10 minutes%n",
                    connections - subscribed.getCount(), connections);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long heapAfter = heapAfterFullGc(gateway);
        long rssAfter = rss(gateway.pid());
        int held = sockets.size() - (int) sockets.stream().filter(WebSocket::isClosed).count();
        System.out.printf("%nPart 1: subscribers%n");
        System.out.printf("  held open and subscribed   %,d of %,d (%d failed to connect), in %.1f s%n", held,
                connections, failed.get(), seconds);
        System.out.printf("  gateway heap after full GC %,d -> %,d KiB: %.1f KiB per connection%n",
                heapBefore / 1024, heapAfter / 1024, (heapAfter - heapBefore) / 1024.0 / Math.max(1, held));
        System.out.printf("  gateway resident memory    %,d -> %,d MiB: %.1f KiB per connection%n",
                rssBefore / 1024 / 1024, rssAfter / 1024 / 1024,
                (rssAfter - rssBefore) / 1024.0 / Math.max(1, held));
        return sockets;
    }

    /** Part two: snapshots of the followed jobs at {@code --fanout-rate}; counts the frames the subscribers get. */
    private void fanOut(ServiceProcess gateway, LongAdder frames) {
        List<JobState> states = new ArrayList<>(jobs);
        for (int j = 0; j < jobs; j++) {
            states.add(submitted(fanOutJob(j)));
        }
        CpuMeter cpu = new CpuMeter().track("gateway", () -> List.of(gateway.pid()))
                .track("benchmark (clients and producer)", () -> List.of(ProcessHandle.current().pid()))
                .track("other JVMs (Kafka, idle aggregator)", () -> CpuMeter.byName("java").stream()
                        .filter(pid -> pid != gateway.pid() && pid != ProcessHandle.current().pid()).toList());
        frames.reset();
        cpu.start();
        long start = System.nanoTime();
        long published = 0;
        long end = start + TimeUnit.SECONDS.toNanos(fanoutSeconds);
        while (System.nanoTime() < end) {
            int j = (int) (published % jobs);
            JobState next = JobReducer.apply(states.get(j), progress(states.get(j).jobId(), Instant.now()));
            states.set(j, next);
            send(WireType.JOB_STATE, jobStateTopic, next.jobId(), JobSnapshot.of(next));
            published++;
            LockSupport.parkNanos(Math.max(0, start + published * 1_000_000_000L / fanoutRate - System.nanoTime()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long delivered = frames.sum();
        Map<String, Double> shares = cpu.percentOfOneCore();
        long demanded = published * (connections / jobs);
        System.out.printf("%nPart 2: fan-out%n");
        System.out.printf("  snapshots published        %,d in %.1f s (%,.0f/s), each followed by %d subscribers%n",
                published, seconds, published / seconds, connections / jobs);
        System.out.printf("  frames delivered           %,d (%,.0f/s) of %,d changes (%.1f%% coalesced)%n",
                delivered, delivered / seconds, demanded, 100.0 * (demanded - delivered) / Math.max(1, demanded));
        shares.forEach((name, share) -> System.out.printf("  CPU %-24s %.1f%% of one core%n", name, share));
    }

    /**
     * Part three: events through Kafka, the aggregator and the gateway to WebSocket clients, open loop: each event's
     * time is when it was due, so a stall shows as latency instead of silently slowing the producer down.
     */
    private void latency(WebSocketClient client, ServiceProcess gateway) throws Exception {
        Map<String, Integer> index = new ConcurrentHashMap<>();
        List<JobState> states = new ArrayList<>(latencyJobs);
        for (int j = 0; j < latencyJobs; j++) {
            String jobId = run + "-latency-" + j;
            index.put(jobId, j);
            states.add(submitted(jobId));
        }
        Recorder latencies = new Recorder(3);
        Recorder toJobState = new Recorder(3);
        Recorder submitToQueued = new Recorder(3);
        Map<String, Long> submittedAt = new ConcurrentHashMap<>();
        long[] measuringFrom = {Long.MAX_VALUE};
        AtomicLong newest = new AtomicLong();
        WebSocket watcher = client.connect(connect(gateway)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        CountDownLatch ready = new CountDownLatch(1);
        watcher.textMessageHandler(text -> {
            long now = System.currentTimeMillis();
            if (StreamCodec.isA(text, ServerMessage.Subscribed.TYPE)) {
                ready.countDown();
                return;
            }
            if (!StreamCodec.isA(text, ServerMessage.Snapshot.TYPE)) {
                return;
            }
            String jobId = field(text, "\"jobId\":\"");
            Long submitted = submittedAt.remove(jobId);
            if (submitted != null) {
                if (!jobId.equals(run + "-marker")) {
                    submitToQueued.recordValue(Math.max(0, now - submitted) * 1000);
                }
            } else if (index.containsKey(jobId) && !text.contains("\"sequence\":1,")) {
                long updatedAt = Instant.parse(field(text, "\"updatedAt\":\"")).toEpochMilli();
                newest.accumulateAndGet(updatedAt, Math::max);
                if (updatedAt >= measuringFrom[0]) {
                    latencies.recordValue(Math.max(0, now - updatedAt) * 1000);
                }
            }
        });
        watcher.writeTextMessage(StreamCodec.encode(Subscribe.everything()));
        ready.await(30, TimeUnit.SECONDS);
        drain(submittedAt);
        states.forEach(state -> send(WireType.PROGRESS, progressTopic, state.jobId(), submittedEvent(state)));
        producer.flush();

        for (int i = 0; i < 100; i++) {
            long before = System.currentTimeMillis();
            String jobId = submitOverRest(gateway);
            submittedAt.put(jobId, before);
        }

        // The aggregator's share: the same snapshots read straight from headway.job-state.
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread jobState = Thread.ofPlatform().daemon().start(() -> {
            try (TopicReader reader = TopicReader.fromNow(jobStateTopic)) {
                while (reading.get()) {
                    for (var record : reader.poll()) {
                        long now = System.currentTimeMillis();
                        String text = new String(record.value(), StandardCharsets.UTF_8);
                        if (index.containsKey(record.key()) && !text.contains("\"sequence\":1,")) {
                            long updatedAt = Instant.parse(field(text, "\"updatedAt\":\"")).toEpochMilli();
                            if (updatedAt >= measuringFrom[0]) {
                                toJobState.recordValue(Math.max(0, now - updatedAt) * 1000);
                            }
                        }
                    }
                }
            }
        });
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        measuringFrom[0] = startMillis + TimeUnit.SECONDS.toMillis(WARM_UP_SECONDS);
        long total = (long) rate * (WARM_UP_SECONDS + latencySeconds);
        for (long n = 0; n < total; n++) {
            long dueNanos = start + n * 1_000_000_000L / rate;
            LockSupport.parkNanos(Math.max(0, dueNanos - System.nanoTime()));
            long dueMillis = startMillis + n * 1000L / rate;
            String jobId = states.get((int) (n % latencyJobs)).jobId();
            send(WireType.PROGRESS, progressTopic, jobId, progress(jobId, Instant.ofEpochMilli(dueMillis)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        producer.flush();
        // The last events are still on their way; their latencies count too.
        long lastDue = startMillis + (total - 1) * 1000L / rate;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> newest.get() >= lastDue);
        watcher.close();
        reading.set(false);
        jobState.join();

        Histogram histogram = latencies.getIntervalHistogram();
        System.out.printf("%nPart 3: latency, event produced to Kafka -> aggregator -> gateway -> WebSocket%n");
        System.out.printf("  events produced            %,d in %.1f s (%,.0f/s offered, open loop, %d jobs); "
                + "the first %d s are warm-up%n", total, seconds, total / seconds, latencyJobs, WARM_UP_SECONDS);
        System.out.printf("  snapshots measured         %,d (the aggregator coalesces a job's changes within "
                + "100 ms)%n", histogram.getTotalCount());
        print("  latency", histogram);
        print("  of which produced -> headway.job-state (aggregator)", toJobState.getIntervalHistogram());
        print("  submit over REST -> QUEUED on the WebSocket", submitToQueued.getIntervalHistogram());
    }

    /**
     * Waits until the gateway has read everything part two published: a marker snapshot sent now arrives only
     * after the backlog, which would otherwise be measured as latency.
     */
    private void drain(Map<String, Long> submittedAt) {
        String marker = run + "-marker";
        long sent = System.currentTimeMillis();
        submittedAt.put(marker, sent);
        send(WireType.JOB_STATE, jobStateTopic, marker, JobSnapshot.of(submitted(marker)));
        producer.flush();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> !submittedAt.containsKey(marker));
        System.out.printf("%n  (the gateway's feed caught up with part two's snapshots %,d ms after it ended)%n",
                System.currentTimeMillis() - sent);
    }

    /** Where the aggregator's time went per batch during the run, from its own metrics. */
    private static void aggregatorPhases(ServiceProcess aggregator) throws Exception {
        Map<String, double[]> phases = new TreeMap<>();
        for (String line : aggregator.metrics().lines().toList()) {
            if (line.startsWith("headway_aggregator_batch_phase_seconds_count{")
                    || line.startsWith("headway_aggregator_batch_phase_seconds_sum{")) {
                String phase = field(line, "phase=\"");
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                phases.computeIfAbsent(phase, p -> new double[2])[line.contains("_count{") ? 0 : 1] = value;
            }
        }
        phases.forEach((phase, countAndSum) -> System.out.printf(
                "  aggregator phase %-9s %,.0f batches, %.1f ms each on average%n", phase, countAndSum[0],
                countAndSum[0] == 0 ? 0 : countAndSum[1] * 1000 / countAndSum[0]));
    }

    private static void print(String what, Histogram histogram) {
        System.out.printf("%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (%,d samples)%n",
                what, histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0,
                histogram.getMaxValue() / 1000.0, histogram.getTotalCount());
    }

    private String submitOverRest(ServiceProcess gateway) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                + "/api/v1/jobs")).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"demo\",\"labels\":{\"run\":\"" + run + "\"}}"))
                .build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return field(body, "\"jobId\":\"");
    }

    private WebSocketConnectOptions connect(ServiceProcess gateway) {
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI("/api/v1/stream")
                .addHeader("Authorization", "Bearer " + key);
    }

    private String fanOutJob(int j) {
        return run + "-fan-" + j;
    }

    private JobState submitted(String jobId) {
        return JobReducer.apply(JobState.initial(jobId), submittedEvent(JobState.initial(jobId)));
    }

    private JobSubmitted submittedEvent(JobState state) {
        return new JobSubmitted(UUID.randomUUID(), state.jobId(), Instant.ofEpochMilli(0),
                "benchmark", tenant, "bench", Map.of(), 0, null, Map.of(), List.of(), true);
    }

    private static ProgressEvent progress(String jobId, Instant at) {
        return new ProgressReported(UUID.randomUUID(), jobId, at, "benchmark", null, null, null, null, null,
                "working", Map.of());
    }

    private <T> void send(WireType<T> type, String topic, String key, T value) {
        producer.send(type.record(topic, key, value));
    }

    private static String field(String json, String prefix) {
        int start = json.indexOf(prefix) + prefix.length();
        return json.substring(start, json.indexOf('"', start));
    }

    /** The gateway's heap in use right after a full GC: what its live objects take. */
    private static long heapAfterFullGc(ServiceProcess service) throws Exception {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(service.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        return service.metrics().lines().filter(line -> line.startsWith("jvm_memory_used_bytes{")
                && line.contains("area=\"heap\"")).mapToLong(line -> (long) Double.parseDouble(
                        line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static long rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        properties.put(ProducerConfig.ACKS_CONFIG, "1");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }
}
