package io.headway.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamCodec;
import io.headway.testing.ApiKeys;
import io.headway.testing.LocalStack;
import io.headway.testing.TopicReader;
import io.vertx.core.Future;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The live path as a user runs it, against the whole running stack ({@code headway.sh up}): {@code --jobs} external
 * jobs report progress straight to {@code headway.progress} at a fixed total {@code --rate}, open loop (event
 * {@code n} is due at {@code t0 + n / rate}; a late send goes at once and never slows the schedule), while
 * {@code --clients} WebSocket clients, each on its own connection, follow them so that every job has a subscriber.
 *
 * <p>For every event it records the <em>staleness</em>: the time from its due time until a subscriber holds a
 * snapshot that includes it. Event {@code k} of a job reports {@code current = k} units, so a snapshot showing
 * {@code current = K} includes every event up to {@code K} of that job, coalesced or not. With {@code --hop-split} the
 * same is measured on {@code headway.job-state} with an ordinary consumer: how far the durable topic trails, which the
 * gateways no longer wait for (the aggregator pushes snapshots to them over Redis). Due times and arrival times come
 * from the same monotonic clock, in this one process.
 *
 * <p>It also prints the stack's idle CPU before the load, the CPU every process of the stack and this one spent per
 * event, how long history took to hold every event after the last was due, whether it holds each exactly once, and
 * whether every job's final snapshot there equals the shared reducer's fold of its events ({@link FinalStates}).
 * {@code --ladder} repeats the run at rising rates to find the highest one that stays within a p99
 * ({@link RateLadder}); {@code --fault} kills a process of the stack in the middle of the run ({@link Fault}).
 * The run's jobs belong to a tenant of their own, whose API key is registered for the run and revoked after it.
 */
@Command(name = "pipeline-benchmark", mixinStandardHelpOptions = true,
        description = "Staleness from an event's due time to a WebSocket client, through the whole running stack.")
public final class PipelineBenchmark implements Callable<Integer> {

    @Option(names = "--jobs", description = "external jobs reporting progress (default ${DEFAULT-VALUE})")
    int jobs = 200;

    @Option(names = "--clients", description = "WebSocket clients; job j is followed by client j % clients "
            + "(default ${DEFAULT-VALUE})")
    int clients = 100;

    @Option(names = "--rate", description = "progress events per second, all jobs together (default ${DEFAULT-VALUE})")
    int rate = 5_000;

    @Option(names = "--warm-up", description = "seconds of load measured apart, first (default ${DEFAULT-VALUE})")
    int warmUpSeconds = 5;

    @Option(names = "--seconds", description = "seconds of load measured after the warm-up (default ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--linger-ms", description = "how long the reporters' producer lets a record wait for others "
            + "to share its request, ms (default ${DEFAULT-VALUE})")
    int lingerMs = 1;

    @Option(names = "--hop-split", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "also read headway.job-state with a consumer of the benchmark's own, to see how far the "
                    + "durable topic trails the clients (the gateways have snapshots from the aggregator's push "
                    + "first); off by default, since that reader costs the machine a consumer a client-only "
                    + "harness does not run (default ${DEFAULT-VALUE})")
    boolean hopSplit;

    @Option(names = "--idle-seconds", description = "seconds the idle stack's CPU is measured for, before the load "
            + "(default ${DEFAULT-VALUE})")
    int idleSeconds = 10;

    @Option(names = "--ladder", description = "find the highest rate at which p99 staleness stays within "
            + "--ladder-p99 with nothing lost: runs from --ladder-from, doubling while a run passes, then halves the "
            + "gap to the first failing rate twice; --rate is ignored")
    boolean ladder;

    @Option(names = "--ladder-from", description = "the ladder's first rate, events/s (default ${DEFAULT-VALUE})")
    int ladderFrom = 250;

    @Option(names = "--ladder-to", description = "the ladder's highest rate, events/s (default ${DEFAULT-VALUE})")
    int ladderTo = 64_000;

    @Option(names = "--ladder-p99", description = "the p99 staleness a passing run stays within, ms "
            + "(default ${DEFAULT-VALUE})")
    double ladderP99Ms = 100;

    @Option(names = "--ladder-warm-up-rate", description = "the rate of one unjudged run before the ladder, so the "
            + "services' compilers are warm when it starts; 0 for none (default ${DEFAULT-VALUE})")
    int ladderWarmUpRate = 1_000;

    @Option(names = "--fault", description = "a chaos case, PROCESS@SECONDS: kill PROCESS (aggregator, gateway, "
            + "executor, eta-predictor, kafka, redis or postgres) with SIGKILL that many seconds into the measured "
            + "part, start it again with headway.sh start, and report how long the clients took to be live again "
            + "(p99 within --ladder-p99)")
    String fault;

    @Option(names = "--executor-jobs", description = "demo jobs run on the executor during the load, each lasting "
            + "about as long as the run, checked afterwards: each succeeded once, none lost (default ${DEFAULT-VALUE})")
    int executorJobs;

    @Option(names = "--gateway", split = ",", description = "the gateway's URL, or several gateways' separated by "
            + "commas: client c connects to the (c mod n)-th and, when its connection is lost, to the next "
            + "(default ${DEFAULT-VALUE})")
    List<URI> gateways = List.of(URI.create("http://127.0.0.1:8080"));

    @Option(names = "--stack-dir", description = "the local stack's directory, for its process ids "
            + "(default ${DEFAULT-VALUE})")
    Path stackDir = Path.of(".stack");

    /** How long the clients may take to see the last event before the rest counts as not delivered. */
    private static final Duration DELIVERY_PATIENCE = Duration.ofSeconds(10);
    /** With a fault, the stack may need a restart's time and a catch-up before the last event arrives. */
    private static final Duration DELIVERY_PATIENCE_AFTER_FAULT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = HeadwayJson.mapper();
    /** The source of every event the run sends: history is counted by it (the ETA predictor adds its own). */
    private static final String SOURCE = "pipeline-benchmark";
    private static final String JOB_ID = "\"jobId\":\"";
    private static final String UNITS = "\"units\":{\"current\":";
    private static final List<String> SERVICES = List.of("gateway", "executor", "aggregator", "eta-predictor");

    private final String run = "pipe-" + UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = run;
    private final String key = "hw_bench_" + UUID.randomUUID().toString().replace("-", "");

    /** Per event n (job n % jobs, its event n / jobs + 1): when it was due, on the monotonic clock. */
    private long[] due;
    /** Per job: the highest {@code current} a client has seen, and the same on headway.job-state. */
    private AtomicLongArray seenByClients;
    private AtomicLongArray seenOnJobState;
    private final Recorder clientStaleness = new Recorder(3);
    private final Recorder clientWarmUp = new Recorder(3);
    private final Recorder jobStateStaleness = new Recorder(3);
    private final Recorder lateness = new Recorder(3);
    private final RestSamples rest = new RestSamples();
    private volatile long measuredFrom = Long.MAX_VALUE;
    /** When the first event was due, and (with a fault) the staleness at the clients per second of due time since. */
    private volatile long loadStart;
    private ConcurrentHistogram[] bySecond;
    private Fault chaos;
    /** The clients' sockets, by client; a client whose socket closes connects and subscribes again. */
    private AtomicReferenceArray<WebSocket> sockets;
    private final AtomicLong reconnects = new AtomicLong();
    /** How often each client has connected: a client connecting again tries the next gateway. */
    private AtomicIntegerArray connections;
    private volatile boolean closing;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        warnIfStale();
        if (ladder) {
            climb();
        } else {
            measure();
        }
        return 0;
    }

    /** One run at {@code --rate}; returns its JSON line's values. */
    Map<String, Object> measure() throws Exception {
        long total = (long) rate * (warmUpSeconds + seconds);
        chaos = fault == null ? null : new Fault(Fault.Spec.parse(fault), stackDir);
        if (chaos != null) {
            bySecond = new ConcurrentHistogram[warmUpSeconds + seconds + 2];
            for (int i = 0; i < bySecond.length; i++) {
                bySecond[i] = new ConcurrentHistogram(3);
            }
        }
        due = new long[Math.toIntExact(total)];
        seenByClients = new AtomicLongArray(jobs);
        seenOnJobState = new AtomicLongArray(jobs);
        CpuMeter cpu = stackCpu();
        ApiKeys.register(run, key, tenant, "pipeline benchmark " + run, "read", "submit");
        Vertx vertx = Vertx.vertx();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            System.out.printf("run %s: %d jobs, %d clients, %,d events/s, %d s warm-up + %d s measured%n", run, jobs,
                    clients, rate, warmUpSeconds, seconds);
            double idle = idleSeconds > 0 ? idlePercent(cpu) : Double.NaN;
            connect(vertx);
            start(producer);
            ExecutorJobs work = new ExecutorJobs(gateways.getFirst().toString(), key);
            work.submit(executorJobs, warmUpSeconds + seconds * 3 / 4, run);
            Result result = load(producer, cpu, total);
            finish(producer);
            closing = true;
            for (int c = 0; c < clients; c++) {
                sockets.get(c).close();
            }
            Map<String, Object> history = history(total);
            Map<String, Object> finals;
            Map<String, Object> executed;
            try (Connection c = postgres()) {
                finals = FinalStates.check(c, run + "-", jobId -> sentTo(jobIndex(jobId), total));
                executed = work.check(c);
            }
            return report(result, idle, history, finals, executed);
        } finally {
            ApiKeys.revoke(run);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The ladder: runs of the same workload at rising rates ({@link RateLadder}), each judged by its p99 staleness at
     * the clients and by its accounting (every event delivered, history holding each exactly once, every final state
 * the reducer's fold of its events); prints each run,
     * then a table of the steps and one JSON line with the highest passing rate.
     */
    private void climb() throws Exception {
        RateLadder ladder = new RateLadder(ladderFrom, ladderTo, 2);
        List<Map<String, Object>> steps = new ArrayList<>();
        if (ladderWarmUpRate > 0) {
            System.out.printf("Warming up at %,d events/s (not judged)%n", ladderWarmUpRate);
            at(ladderWarmUpRate, false).measure();
        }
        for (var next = ladder.next(); next.isPresent(); next = ladder.next()) {
            Map<String, Object> line = at(next.getAsInt(), steps.isEmpty()).measure();
            boolean passed = passes(line);
            ladder.record(next.getAsInt(), passed);
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("rate", next.getAsInt());
            step.put("achievedRate", line.get("achievedRate"));
            step.put("stalenessMs", line.get("stalenessMs"));
            step.put("notDelivered", line.get("notDelivered"));
            step.put("historyExact", historyExact(line));
            step.put("cpuMicrosPerEvent", line.get("cpuMicrosPerEvent"));
            step.put("passed", passed);
            steps.add(step);
        }
        System.out.printf("%nLadder: p99 staleness within %.0f ms, every event delivered, history exact%n",
                ladderP99Ms);
        System.out.printf("  %10s  %10s  %10s  %13s  %14s  %s%n", "events/s", "p50 ms", "p99 ms", "not delivered",
                "CPU µs/event", "verdict");
        for (Map<String, Object> step : steps) {
            Map<?, ?> staleness = (Map<?, ?>) step.get("stalenessMs");
            System.out.printf("  %,10d  %10.1f  %10.1f  %,13d  %14.1f  %s%n", (Integer) step.get("rate"),
                    staleness.get("p50"), staleness.get("p99"), (Long) step.get("notDelivered"),
                    step.get("cpuMicrosPerEvent"), (Boolean) step.get("passed") ? "pass"
                            : Boolean.TRUE.equals(step.get("historyExact")) ? "fail" : "fail (history not exact)");
        }
        var highest = ladder.highestPassed();
        System.out.printf("  highest passing rate: %s%n",
                highest.isPresent() ? String.format("%,d events/s", highest.getAsInt()) : "none");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("benchmark", "pipeline-ladder");
        summary.put("jobs", jobs);
        summary.put("clients", clients);
        summary.put("p99LimitMs", ladderP99Ms);
        summary.put("highestPassingRate", highest.isPresent() ? highest.getAsInt() : null);
        summary.put("steps", steps);
        System.out.println(JSON.writeValueAsString(summary));
    }

    private boolean passes(Map<String, Object> line) {
        Map<?, ?> staleness = (Map<?, ?>) line.get("stalenessMs");
        return ((Number) staleness.get("p99")).doubleValue() <= ladderP99Ms
                && ((Number) line.get("notDelivered")).longValue() == 0 && historyExact(line);
    }

    /**
     * Every event in history exactly once, every job's final state the fold of its events, ended right, and every
     * executor job succeeded exactly once.
     */
    private boolean historyExact(Map<String, Object> line) {
        Map<?, ?> history = (Map<?, ?>) line.get("history");
        Map<?, ?> finals = (Map<?, ?>) line.get("finalStates");
        Map<?, ?> executed = (Map<?, ?>) line.get("executorJobs");
        return count(executed, "submitted") == count(executed, "succeeded") && count(executed, "completedTwice") == 0
                && history.get("events").equals(history.get("expected"))
                && history.get("distinct").equals(history.get("expected"))
                && ((Number) finals.get("jobs")).longValue() == jobs
                && ((Number) finals.get("equalToFold")).longValue() == jobs
                && ((Number) finals.get("endedWithEveryUnit")).longValue() == jobs;
    }

    /** A count of a report's section; 0 when it is not there (no executor job ran, none succeeded). */
    private static long count(Map<?, ?> section, String name) {
        return section.get(name) instanceof Number n ? n.longValue() : 0;
    }

    /** The same workload at another rate, as a run of its own (its own jobs, tenant and key). */
    PipelineBenchmark at(int eventsPerSecond, boolean measureIdle) {
        PipelineBenchmark step = new PipelineBenchmark();
        step.jobs = jobs;
        step.clients = clients;
        step.rate = eventsPerSecond;
        step.warmUpSeconds = warmUpSeconds;
        step.seconds = seconds;
        step.idleSeconds = measureIdle ? idleSeconds : 0;
        step.gateways = gateways;
        step.stackDir = stackDir;
        return step;
    }

    // --- the stack ------------------------------------------------------------------------------------------------

    /** Every process the run costs: the four services, Kafka, Redis, PostgreSQL, and this one (load and clients). */
    private CpuMeter stackCpu() {
        CpuMeter cpu = new CpuMeter();
        // A service's further instances (NAME-2, started as warm standbys) count as that service.
        SERVICES.forEach(name -> cpu.track(name, () -> CpuMeter.fromPidFiles(stackDir.resolve("services"),
                name + ".pid", name + "-[2-9].pid")));
        return cpu.track("kafka", () -> CpuMeter.fromPidFile(stackDir.resolve("kafka/kafka.pid")))
                .track("redis", () -> CpuMeter.fromPidFile(stackDir.resolve("redis/redis.pid")))
                .track("postgres", () -> CpuMeter.byName("postgres"))
                .track("load and clients (this)", () -> List.of(ProcessHandle.current().pid()));
    }

    /** A service started before its jar was last built measures old code: say so before measuring it. */
    private void warnIfStale() throws IOException {
        for (String name : SERVICES) {
            Path pid = stackDir.resolve("services").resolve(name + ".pid");
            Path jar = Path.of("services", name, "target/quarkus-app/quarkus-run.jar");
            if (CpuMeter.fromPidFile(pid).isEmpty()) {
                throw new IllegalStateException(name + " is not running: start the stack with headway.sh up");
            }
            if (Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(pid)) > 0) {
                System.out.printf("warning: %s runs a build older than %s (restart: headway.sh down && up)%n", name,
                        jar);
            }
        }
    }

    private double idlePercent(CpuMeter cpu) throws InterruptedException {
        cpu.start();
        TimeUnit.SECONDS.sleep(idleSeconds);
        return cpu.percentOfOneCore().entrySet().stream().filter(e -> !e.getKey().endsWith("(this)"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    // --- clients --------------------------------------------------------------------------------------------------

    private void connect(Vertx vertx) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(clients + 10).setIdleTimeout(0));
        sockets = new AtomicReferenceArray<>(clients);
        connections = new AtomicIntegerArray(clients);
        for (int c = 0; c < clients; c++) {
            connect(vertx, client, c).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Connects client {@code c} and subscribes it to its jobs (the gateway answers with their current snapshots); when
     * the connection closes during the run (a gateway killed), it connects again every 200 ms until it is back.
     */
    private Future<WebSocket> connect(Vertx vertx, WebSocketClient client, int c) {
        List<String> followed = new ArrayList<>();
        for (int j = c; j < jobs; j += clients) {
            followed.add(jobId(j));
        }
        URI gateway = gateways.get((c + connections.getAndIncrement(c)) % gateways.size());
        return client.connect(new WebSocketConnectOptions().setHost(gateway.getHost()).setPort(gateway.getPort())
                        .setURI("/api/v1/stream").addHeader("Authorization", "Bearer " + key))
                .onSuccess(socket -> {
                    sockets.set(c, socket);
                    socket.textMessageHandler(this::received);
                    socket.closeHandler(closed -> reconnect(vertx, client, c));
                    socket.writeTextMessage(StreamCodec.encode(Subscribe.jobs(followed)));
                })
                .onFailure(failure -> reconnect(vertx, client, c));
    }

    private void reconnect(Vertx vertx, WebSocketClient client, int c) {
        if (!closing && sockets.get(c) != null) {
            reconnects.incrementAndGet();
            vertx.setTimer(200, timer -> connect(vertx, client, c));
        }
    }

    /** A frame reached a client: every event of its job up to the snapshot's {@code current} is now held. */
    private void received(String frame) {
        long now = System.nanoTime();
        if (StreamCodec.isA(frame, ServerMessage.Snapshot.TYPE)) {
            held(field(frame, JOB_ID), frame, now, seenByClients, true);
        }
    }

    /**
     * Records the staleness of every event of the job that {@code snapshotJson} shows for the first time. The JSON is
     * searched rather than parsed: the codec writes it compact, the run's jobs carry no text that could contain the
     * searched keys, and a parse per frame would make the clients cost more CPU than the gateway they measure.
     */
    private void held(String jobId, String snapshotJson, long now, AtomicLongArray seen, boolean atClient) {
        int job = jobIndex(jobId);
        long current = unitsDone(snapshotJson);
        if (job < 0 || current < 0) {
            return;
        }
        long before = seen.getAndAccumulate(job, current, Math::max);
        for (long k = before + 1; k <= current; k++) {
            long dueAt = due[Math.toIntExact((k - 1) * jobs + job)];
            long staleness = Math.max(0, now - dueAt) / 1000;
            if (!atClient) {
                if (dueAt >= measuredFrom) {
                    jobStateStaleness.recordValue(staleness);
                }
            } else {
                (dueAt >= measuredFrom ? clientStaleness : clientWarmUp).recordValue(staleness);
                if (bySecond != null) {
                    bySecond[(int) Math.min(bySecond.length - 1, (dueAt - loadStart) / 1_000_000_000L)]
                            .recordValue(staleness);
                }
            }
        }
    }

    /** The units a snapshot's JSON says are done (one per event sent), or -1 when it says none. */
    private static long unitsDone(String snapshotJson) {
        int at = snapshotJson.indexOf(UNITS);
        if (at < 0) {
            return -1;
        }
        int from = at + UNITS.length();
        int to = from;
        while (to < snapshotJson.length() && Character.isDigit(snapshotJson.charAt(to))) {
            to++;
        }
        return Long.parseLong(snapshotJson, from, to, 10);
    }

    private static String field(String json, String prefix) {
        int start = json.indexOf(prefix) + prefix.length();
        return json.substring(start, json.indexOf('"', start));
    }

    // --- the load -------------------------------------------------------------------------------------------------

    /** Every job is submitted and started; returns once its client has seen it running. */
    private void start(KafkaProducer<String, byte[]> producer) {
        for (int j = 0; j < jobs; j++) {
            Instant now = Instant.now();
            send(producer, new JobSubmitted(UUID.randomUUID(), jobId(j), now, SOURCE, tenant,
                    "pipeline-bench", Map.of(), 0, null, Map.of("run", run), List.of(), true));
            send(producer, new JobStarted(UUID.randomUUID(), jobId(j), now, SOURCE, 1, null,
                    List.of()));
        }
        producer.flush();
    }

    /** The measured part of the load: events sent after the warm-up, over how long, and what they cost. */
    private record Result(long sent, double seconds, Map<String, Double> cpuSeconds, Map<String, Long> wakeUps,
            double machineBusySeconds, long notDelivered, double lastSeenAfterMs) {
    }

    private Result load(KafkaProducer<String, byte[]> producer, CpuMeter cpu, long total) throws Exception {
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread jobState = hopSplit
                ? Thread.ofPlatform().name("job-state-reader").daemon().start(() -> readJobState(reading))
                : null;
        Thread restReader = Thread.ofPlatform().name("rest-reader").daemon().start(() -> readOverRest(reading));
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        loadStart = start;
        Thread faults = chaos == null ? null : Thread.ofPlatform().name("fault").daemon().start(() -> {
            LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(warmUpSeconds + chaos.spec().afterSeconds())
                    - System.nanoTime());
            try {
                chaos.strike();
            } catch (Exception e) {
                System.out.printf("fault: %s could not be injected: %s%n", chaos.spec(), e);
            }
        });
        measuredFrom = start + TimeUnit.SECONDS.toNanos(warmUpSeconds);
        long warmUpEvents = (long) rate * warmUpSeconds;
        double busyBefore = 0;
        for (int n = 0; n < total; n++) {
            if (n == warmUpEvents) {
                // CPU is counted over the measured part only, like the latencies.
                cpu.start();
                busyBefore = CpuMeter.machineBusySeconds();
            }
            long dueAt = start + n * 1_000_000_000L / rate;
            due[n] = dueAt;
            long wait = dueAt - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            lateness.recordValue(Math.max(0, System.nanoTime() - dueAt) / 1000);
            int job = n % jobs;
            send(producer, new ProgressReported(UUID.randomUUID(), jobId(job), Instant.now(), SOURCE,
                    null, null, (long) n / jobs + 1, null, "steps", null, Map.of()));
        }
        producer.flush();
        double sendSeconds = (System.nanoTime() - measuredFrom) / 1e9;
        long lastDue = due[(int) total - 1];
        try {
            await().atMost(chaos == null ? DELIVERY_PATIENCE : DELIVERY_PATIENCE_AFTER_FAULT)
                    .pollInterval(Duration.ofMillis(10)).until(() -> missing(total) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below as events not delivered
        }
        double lastSeenAfterMs = (System.nanoTime() - lastDue) / 1e6;
        Map<String, Double> used = cpu.cpuSeconds();
        Map<String, Long> woken = cpu.wakeUps();
        double busy = CpuMeter.machineBusySeconds() - busyBefore;
        reading.set(false);
        if (jobState != null) {
            jobState.join();
        }
        restReader.join();
        if (faults != null) {
            faults.join();
        }
        return new Result(total - warmUpEvents, sendSeconds, used, woken, busy, missing(total), lastSeenAfterMs);
    }

    /** What REST showed against what a client already held: the gap issue 13 found (3.5 s after a start). */
    private static final class RestSamples {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong behind = new AtomicLong();
        final AtomicLong mostBehind = new AtomicLong();

        void add(long eventsBehind) {
            reads.incrementAndGet();
            if (eventsBehind > 0) {
                behind.incrementAndGet();
                mostBehind.accumulateAndGet(eventsBehind, Math::max);
            }
        }
    }

    /**
     * Reads a job over REST every 20 ms while the load runs and compares it with what the clients held before the
     * request was sent: REST must never show an older state than the stream already pushed.
     */
    private void readOverRest(AtomicBoolean reading) {
        // HTTP/1.1, as a browser speaks to a plain-http gateway: the JDK client's default upgrade to HTTP/2 (h2c) had
        // the gateway compiling and running HTTP/2 framing that the dashboard never makes it use.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        while (reading.get()) {
            int job = ThreadLocalRandom.current().nextInt(jobs);
            long held = seenByClients.get(job);
            try {
                URI uri = gateways.getFirst().resolve("/api/v1/jobs/" + jobId(job));
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && System.nanoTime() >= measuredFrom) {
                    rest.add(Math.max(0, held - Math.max(0, unitsDone(answer.body()))));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            } catch (IOException e) {
                // The gateway is down (a chaos case): try again shortly.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Events sent that no client holds yet. */
    private long missing(long total) {
        long missing = 0;
        for (int j = 0; j < jobs; j++) {
            missing += sentTo(j, total) - seenByClients.get(j);
        }
        return missing;
    }

    /** How many of the run's {@code total} progress events went to job {@code job}. */
    private long sentTo(int job, long total) {
        return total / jobs + (job < total % jobs ? 1 : 0);
    }

    private void readJobState(AtomicBoolean reading) {
        try (TopicReader reader = TopicReader.fromNow(Topics.JOB_STATE)) {
            while (reading.get()) {
                for (var record : reader.poll()) {
                    long now = System.nanoTime();
                    if (record.value() != null && jobIndex(record.key()) >= 0) {
                        held(record.key(), new String(record.value(), StandardCharsets.UTF_8), now, seenOnJobState,
                                false);
                    }
                }
            }
        }
    }

    /** Ends every job, so the run leaves nothing running. */
    private void finish(KafkaProducer<String, byte[]> producer) {
        for (int j = 0; j < jobs; j++) {
            send(producer, new JobSucceeded(UUID.randomUUID(), jobId(j), Instant.now(), SOURCE,
                    "benchmark run " + run));
        }
        producer.flush();
    }

    /** Waits until history holds every event of the run; returns how long that took and whether each is there once. */
    private Map<String, Object> history(long progressEvents) throws SQLException {
        long expected = progressEvents + 3L * jobs;
        long lastDue = due[due.length - 1];
        Map<String, Object> history = new LinkedHashMap<>();
        long[] count = {0};
        try (Connection c = postgres(); var query = c.prepareStatement(
                "SELECT count(*), count(DISTINCT event_id) FROM job_events WHERE job_id LIKE ? AND source = ?")) {
            query.setString(1, run + "-%");
            query.setString(2, SOURCE);
            long[] distinct = {0};
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    try (var rows = query.executeQuery()) {
                        rows.next();
                        count[0] = rows.getLong(1);
                        distinct[0] = rows.getLong(2);
                    }
                    return count[0] >= expected;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // reported as incomplete
            }
            history.put("events", count[0]);
            history.put("expected", expected);
            history.put("distinct", distinct[0]);
            history.put("completeAfterLastDueMs", Math.round((System.nanoTime() - lastDue) / 1e6));
        }
        return history;
    }

    // --- the report -----------------------------------------------------------------------------------------------

    private Map<String, Object> report(Result result, double idlePercent, Map<String, Object> history,
            Map<String, Object> finals, Map<String, Object> executed) throws IOException {
        Histogram client = clientStaleness.getIntervalHistogram();
        Histogram warm = clientWarmUp.getIntervalHistogram();
        Histogram jobState = jobStateStaleness.getIntervalHistogram();
        Histogram late = lateness.getIntervalHistogram();
        double stackSeconds = result.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        double runSeconds = result.seconds() + result.lastSeenAfterMs() / 1000;
        Map<String, Double> wakeUpsPerEvent = new LinkedHashMap<>();
        result.wakeUps().forEach((name, woken) -> wakeUpsPerEvent.put(name, woken / (double) result.sent()));

        System.out.printf("%nPipeline: %d external jobs -> Kafka -> aggregator -> Redis push (job-state behind) -> "
                + "gateway -> %d WebSocket clients%n", jobs, clients);
        System.out.printf("  offered                 %,d events in %.1f s after the warm-up: %,.0f events/s (open loop)%n",
                result.sent(), result.seconds(), result.sent() / result.seconds());
        System.out.printf("  not delivered           %,d events %d ms after the last was due%n",
                result.notDelivered(), (chaos == null ? DELIVERY_PATIENCE : DELIVERY_PATIENCE_AFTER_FAULT).toMillis());
        print("staleness at a client", client);
        print("  warm-up (apart)", warm);
        if (hopSplit) {
            print("  on headway.job-state", jobState);
        } else {
            System.out.println("    on headway.job-state  not read (--hop-split reads it)");
        }
        print("  load generator late", late);
        System.out.printf("  history                 %s of %s events (%s distinct), complete %s ms after the last "
                + "was due%n", history.get("events"), history.get("expected"), history.get("distinct"),
                history.get("completeAfterLastDueMs"));
        Map<String, Object> fault = chaos == null ? null : faultReport();
        System.out.printf("  final states            %s of %s jobs equal the reducer's fold of their events in history, "
                + "%s ended with every unit sent%s%n", finals.get("equalToFold"), finals.get("jobs"),
                finals.get("endedWithEveryUnit"),
                finals.get("firstWrong") == null ? "" : " (first wrong: " + finals.get("firstWrong") + ")");
        if (executorJobs > 0) {
            System.out.printf("  executor jobs           %s of %s succeeded, %s lost, %s ended otherwise, %s completed "
                    + "twice; at most %s attempts%n", executed.get("succeeded"), executed.get("submitted"),
                    executed.get("lost"), executed.get("endedOtherwise"), executed.get("completedTwice"),
                    executed.get("mostAttempts"));
        }
        System.out.printf("  REST vs the stream      %,d reads, %,d showed less than a client already held (at most %,d "
                + "events less)%n", rest.reads.get(), rest.behind.get(), rest.mostBehind.get());
        if (!Double.isNaN(idlePercent)) {
            System.out.printf("  idle stack CPU          %.1f%% of one core (before the load)%n", idlePercent);
        }
        System.out.printf("  CPU per event           %.1f µs, every process counted (%.1f s of CPU, measured part); "
                + "%.1f thread wake-ups per event%n", stackSeconds / result.sent() * 1e6, stackSeconds,
                wakeUpsPerEvent.values().stream().mapToDouble(Double::doubleValue).sum());
        result.cpuSeconds().forEach((name, used) -> System.out.printf(
                "    %-24s %6.2f s  %5.1f%% of one core  %6.1f thread wake-ups per event%n", name, used,
                used / runSeconds * 100, wakeUpsPerEvent.getOrDefault(name, 0.0)));
        System.out.printf("  machine busy            %.0f%% of its %d cores (%.1f s of CPU outside the stack)%n",
                result.machineBusySeconds() / runSeconds / Runtime.getRuntime().availableProcessors() * 100,
                Runtime.getRuntime().availableProcessors(), result.machineBusySeconds() - stackSeconds);

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("benchmark", "pipeline");
        line.put("run", run);
        line.put("jobs", jobs);
        line.put("clients", clients);
        line.put("rate", rate);
        line.put("achievedRate", Math.round(result.sent() / result.seconds()));
        line.put("notDelivered", result.notDelivered());
        line.put("stalenessMs", percentiles(client));
        line.put("warmUpStalenessMs", percentiles(warm));
        if (hopSplit) {
            line.put("jobStateStalenessMs", percentiles(jobState));
        }
        line.put("loadLateMs", percentiles(late));
        line.put("history", history);
        line.put("finalStates", finals);
        line.put("executorJobs", executed);
        if (fault != null) {
            line.put("fault", fault);
        }
        line.put("restReads", rest.reads.get());
        line.put("restBehindStream", rest.behind.get());
        line.put("restMostEventsBehind", rest.mostBehind.get());
        if (!Double.isNaN(idlePercent)) {
            line.put("idleCpuPercentOfOneCore", round(idlePercent));
        }
        line.put("cpuMicrosPerEvent", round(stackSeconds / result.sent() * 1e6));
        Map<String, Double> cpu = new LinkedHashMap<>();
        result.cpuSeconds().forEach((name, used) -> cpu.put(name, round(used)));
        line.put("cpuSeconds", cpu);
        Map<String, Double> wakeUps = new LinkedHashMap<>();
        wakeUpsPerEvent.forEach((name, perEvent) -> wakeUps.put(name, round(perEvent)));
        line.put("wakeUpsPerEvent", wakeUps);
        System.out.println(JSON.writeValueAsString(line));
        return line;
    }

    /**
     * When the fault struck, when the process was ready again, and when the clients were live again: the start of the
     * first second of due time from which every second's p99 staleness is within the limit to the end of the run.
     */
    private Map<String, Object> faultReport() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("process", chaos.spec().process());
        report.put("afterSeconds", chaos.spec().afterSeconds());
        report.put("injected", chaos.killedAt() != 0);
        if (chaos.killedAt() == 0) {
            System.out.printf("  fault                   %s was not injected%n", chaos.spec());
            return report;
        }
        double killedAtS = (chaos.killedAt() - loadStart) / 1e9;
        int struck = (int) killedAtS;
        int last = warmUpSeconds + seconds - 1;
        // The last second before the kill is left out: its events may have been caught by it.
        Histogram before = new Histogram(3);
        for (int second = Math.max(0, struck - 6); second < struck - 1; second++) {
            before.add(bySecond[second]);
        }
        double beforeP99 = before.getValueAtPercentile(99) / 1000.0;
        Double backAfterS = chaos.backAt() == 0 ? null : round((chaos.backAt() - chaos.killedAt()) / 1e9);
        Double liveAfterS = within(struck, last, killedAtS, ladderP99Ms);
        Double caughtUpAfterS = within(struck, last, killedAtS, Math.max(ladderP99Ms, 2 * beforeP99));
        report.put("killedAtSecond", round(killedAtS));
        report.put("readyAgainAfterS", backAfterS);
        report.put("p99MsBefore", round(beforeP99));
        report.put("caughtUpAfterS", caughtUpAfterS);
        report.put("liveAgainAfterS", liveAfterS);
        List<Double> timeline = new ArrayList<>();
        StringBuilder printed = new StringBuilder();
        for (int second = Math.max(0, struck - 2); second <= last; second++) {
            timeline.add(round(p99Ms(second)));
            printed.append(String.format(" %d:%.0f", second, p99Ms(second)));
        }
        report.put("p99MsBySecondFrom", Math.max(0, struck - 2));
        report.put("p99MsBySecond", timeline);
        report.put("clientReconnects", reconnects.get());
        System.out.printf("  fault                   %s killed %.1f s into the load; ready again after %s; caught up "
                + "(p99 within twice the %.0f ms before, or %.0f ms) %s; live again (p99 within %.0f ms) %s%n",
                chaos.spec().process(), killedAtS, backAfterS == null ? "never" : backAfterS + " s", beforeP99,
                ladderP99Ms, afterKill(caughtUpAfterS), ladderP99Ms, afterKill(liveAfterS));
        System.out.printf("  p99 ms by second due    %s (%,d client reconnects)%n", printed.toString().strip(),
                reconnects.get());
        return report;
    }

    /**
     * Seconds from the kill until the start of the first second of due time from which every second's p99 staleness
     * stays within {@code limitMs} to the end of the run; null when the run ended first.
     */
    private Double within(int struck, int last, double killedAtS, double limitMs) {
        int from = struck;
        for (int second = last; second >= struck; second--) {
            if (p99Ms(second) > limitMs) {
                from = second + 1;
                break;
            }
        }
        return from > last ? null : round(Math.max(0, from - killedAtS));
    }

    private static String afterKill(Double seconds) {
        return seconds == null ? "not within the run" : seconds + " s after the kill";
    }

    private double p99Ms(int second) {
        return bySecond[second].getValueAtPercentile(99) / 1000.0;
    }

    private static Map<String, Double> percentiles(Histogram histogram) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            values.put("p" + (p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p)),
                    round(histogram.getValueAtPercentile(p) / 1000.0));
        }
        values.put("max", round(histogram.getMaxValue() / 1000.0));
        values.put("count", (double) histogram.getTotalCount());
        return values;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void print(String what, Histogram h) {
        System.out.printf("  %-23s p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (%,d events)%n",
                what, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
                h.getTotalCount());
    }

    // --- plumbing -------------------------------------------------------------------------------------------------

    private String jobId(int job) {
        return run + "-" + job;
    }

    private int jobIndex(String jobId) {
        if (jobId == null || !jobId.startsWith(run + "-")) {
            return -1;
        }
        return Integer.parseInt(jobId, run.length() + 1, jobId.length(), 10);
    }

    private static void send(KafkaProducer<String, byte[]> producer, ProgressEvent event) {
        producer.send(WireType.PROGRESS.record(Topics.PROGRESS, event.jobId(), event));
    }

    /**
     * The reporters' producer, tuned for latency as a live reporter would be: a record waits at most a millisecond
     * for others to share its request (the reporter helper's default is 5 ms).
     */
    private KafkaProducer<String, byte[]> producer() {
        return LocalStack.kafkaProducer(Map.of(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs)));
    }

    private static Connection postgres() throws SQLException {
        return DriverManager.getConnection(LocalStack.postgresJdbcUrl(), LocalStack.postgresUser(),
                LocalStack.postgresPassword());
    }
}
