package io.headway.bench;

import static org.awaitility.Awaitility.await;

import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.ResourceSampled;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.kafka.ProgressEventSerializer;
import io.headway.livestore.LiveKeys;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the aggregator folds events into Redis, PostgreSQL and job-state with the whole stack on this machine.
 *
 * <p>Runs the packaged aggregator as a process on a topic of its own, produces events for {@code --jobs} concurrent
 * jobs open-loop at {@code --rate} events per second for {@code --seconds}, and prints every second how many were
 * produced, folded (the aggregator's own counter) and the lag between them; then the sustained rate, the CPU share of
 * every process, where a batch spends its time, whether history holds every event, and how long rebuilding live state
 * from history takes after a FLUSHALL.
 */
@Command(name = "aggregator-benchmark", mixinStandardHelpOptions = true,
        description = "Measures the aggregator's sustained fold rate on the local stack.")
public final class AggregatorBenchmark implements Callable<Integer> {

    private static final Pattern PHASE = Pattern.compile(
            "headway_aggregator_batch_phase_seconds_(sum|count)\\{[^}]*phase=\"(\\w+)\"[^}]*} ([0-9.eE+-]+)");
    private static final int WARM_UP_SECONDS = 10;
    private static final Pattern FOLDED = Pattern.compile("headway_aggregator_events_total(\\{[^}]*})? ([0-9.eE+-]+)");

    @Option(names = "--jobs", description = "concurrent jobs (default ${DEFAULT-VALUE})")
    int jobs = 1000;

    @Option(names = "--rate", description = "events per second offered (default ${DEFAULT-VALUE})")
    int rate = 20_000;

    @Option(names = "--seconds", description = "how long to produce (default ${DEFAULT-VALUE})")
    int seconds = 30;

    @Option(names = "--aggregator-jar", description = "the packaged aggregator (default ${DEFAULT-VALUE})")
    Path aggregatorJar = Path.of("services/aggregator/target/quarkus-app/quarkus-run.jar");

    @Option(names = "--stack-dir", description = "the local stack's folder, for pid files (default ${DEFAULT-VALUE})")
    Path stackDir = Path.of(System.getenv().getOrDefault("HEADWAY_STACK_DIR", ".stack"));

    @Option(names = "--keep-history", description = "keep the run's rows in PostgreSQL afterwards")
    boolean keepHistory;

    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new AggregatorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String topic = "headway.bench.progress." + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1)
                    .configs(Map.of("retention.ms", "3600000")))).all().get();
            Path log = Files.createTempFile("aggregator-" + run, ".log");
            System.out.printf("run %s: %d jobs, %,d events/s offered for %d s, topic %s%naggregator log: %s%n",
                    run, jobs, rate, seconds, topic, log);
            List<String> settings = new ArrayList<>(ServiceProcess.aggregatorGroup(run));
            settings.add("headway.aggregator.topics.progress=" + topic);
            try (ServiceProcess aggregator = new ServiceProcess(aggregatorJar, settings, log).start()) {
                measure(aggregator, topic);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get();
                if (!keepHistory) {
                    deleteHistory();
                }
            }
        }
        return 0;
    }

    private void measure(ServiceProcess aggregator, String topic) throws Exception {
        CpuMeter cpu = new CpuMeter()
                .track("aggregator", () -> List.of(aggregator.pid()))
                .track("kafka", () -> CpuMeter.fromPidFile(stackDir.resolve("kafka/kafka.pid")))
                .track("postgres", () -> CpuMeter.byName("postgres"))
                .track("redis", () -> CpuMeter.fromPidFile(stackDir.resolve("redis/redis.pid")))
                .track("producer (this)", () -> List.of(ProcessHandle.current().pid()));
        AtomicLong produced = new AtomicLong();
        Thread producer = Thread.ofPlatform().name("producer").start(() -> produce(topic, produced));
        cpu.start();
        Instant started = Instant.now();

        System.out.printf("%n%6s %12s %12s %10s%n", "t (s)", "produced", "folded", "lag");
        long maxLag = 0;
        long folded = 0;
        long second = 0;
        long foldedAtWarmUp = 0;
        long foldedAtEnd = 0;
        long endSecond = 0;
        while (producer.isAlive() || folded < produced.get()) {
            TimeUnit.SECONDS.sleep(1);
            second++;
            folded = folded(aggregator);
            long lag = produced.get() - folded;
            maxLag = Math.max(maxLag, lag);
            System.out.printf("%6d %,12d %,12d %,10d%n", second, produced.get(), folded, lag);
            if (second == WARM_UP_SECONDS) {
                foldedAtWarmUp = folded;
            }
            if (producer.isAlive() || endSecond == 0) {
                foldedAtEnd = folded;
                endSecond = second;
            }
            if (!producer.isAlive() && second > seconds + 300) {
                System.out.println("gave up waiting for the aggregator to catch up");
                break;
            }
        }
        Duration elapsed = Duration.between(started, Instant.now());
        Map<String, Double> shares = cpu.percentOfOneCore();

        System.out.printf("%nsustained: %,.0f events/s folded (%,d events in %.1f s; offered %,d/s); max lag %,d events%n",
                folded / (elapsed.toMillis() / 1000.0), folded, elapsed.toMillis() / 1000.0, rate, maxLag);
        if (endSecond > WARM_UP_SECONDS) {
            System.out.printf("steady state (seconds %d to %d, after JIT warm-up, while producing): %,.0f events/s "
                    + "folded%n", WARM_UP_SECONDS, endSecond,
                    (foldedAtEnd - foldedAtWarmUp) / (double) (endSecond - WARM_UP_SECONDS));
        }
        System.out.println("\nCPU, % of one core over the run (2 cores = 200%):");
        shares.forEach((name, share) -> System.out.printf("  %-16s %6.1f%n", name, share));
        printPhases(aggregator.metrics(), folded);
        System.out.printf("%nhistory: %,d of %,d events in job_events%n", historyEvents(), produced.get());
        measureRebuild();
    }

    /** Open loop: event i is due at start + i / rate, whatever the aggregator does. */
    private void produce(String topic, AtomicLong produced) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        List<SimulatedJob> running = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            running.add(new SimulatedJob(run + "-" + i + "-0"));
        }
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ProgressEventSerializer())) {
            for (long i = 0; i < total; i++) {
                int slot = (int) (i % jobs);
                SimulatedJob job = running.get(slot);
                ProgressEvent event = job.next();
                if (job.finished()) {
                    running.set(slot, job.successor());
                }
                producer.send(new ProducerRecord<>(topic, event.jobId(), event));
                produced.incrementAndGet();
                long due = start + i * 1_000_000_000L / rate;
                long ahead = due - System.nanoTime();
                if (ahead > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(ahead);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long folded(ServiceProcess aggregator) throws Exception {
        Matcher m = FOLDED.matcher(aggregator.metrics());
        return m.find() ? (long) Double.parseDouble(m.group(2)) : 0;
    }

    private static void printPhases(String metrics, long folded) {
        Map<String, double[]> phases = new LinkedHashMap<>();
        Matcher m = PHASE.matcher(metrics);
        while (m.find()) {
            double[] sumAndCount = phases.computeIfAbsent(m.group(2), p -> new double[2]);
            sumAndCount[m.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(m.group(3));
        }
        double batches = phases.values().stream().mapToDouble(p -> p[1]).max().orElse(0);
        double total = phases.values().stream().mapToDouble(p -> p[0]).sum();
        System.out.printf("%nwhere a batch's time goes (%,.0f batches, %,.0f events per batch on average):%n",
                batches, batches == 0 ? 0 : folded / batches);
        phases.forEach((phase, p) -> System.out.printf("  %-11s %7.2f ms per batch  %5.1f%%%n", phase,
                p[1] == 0 ? 0 : p[0] / p[1] * 1000, total == 0 ? 0 : p[0] / total * 100));
    }

    private long historyEvents() throws SQLException {
        try (Connection c = postgres(); var q = c.prepareStatement("SELECT count(*) FROM job_events WHERE job_id LIKE ?")) {
            q.setString(1, run + "-%");
            try (var r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** FLUSHALL, then time until the aggregator has rebuilt live state from history. */
    private void measureRebuild() throws Exception {
        long liveJobs;
        try (Connection c = postgres(); var q = c.prepareStatement("SELECT count(*) FROM jobs "
                + "WHERE finished_at IS NULL OR finished_at > now() - interval '24 hours'")) {
            try (var r = q.executeQuery()) {
                r.next();
                liveJobs = r.getLong(1);
            }
        }
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, LocalStack.redisUrl());
        try {
            Instant flushed = Instant.now();
            send(redis, Request.cmd(io.vertx.redis.client.Command.FLUSHALL));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                    send(redis, Request.cmd(io.vertx.redis.client.Command.EXISTS).arg(LiveKeys.READY)).toInteger()
                            == 1);
            System.out.printf("%nrebuild after FLUSHALL: %,d live jobs back in %,d ms (includes up to 5 s until the "
                    + "next check notices)%n", liveJobs, Duration.between(flushed, Instant.now()).toMillis());
        } finally {
            redis.close();
            vertx.close();
        }
    }

    private static Response send(Redis redis, Request request) throws Exception {
        return redis.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void deleteHistory() throws SQLException {
        try (Connection c = postgres()) {
            for (String table : List.of("job_events", "stage_durations", "jobs")) {
                try (var d = c.prepareStatement("DELETE FROM " + table + " WHERE job_id LIKE ?")) {
                    d.setString(1, run + "-%");
                    d.executeUpdate();
                }
            }
        }
    }

    private static Connection postgres() throws SQLException {
        return DriverManager.getConnection(LocalStack.postgresJdbcUrl(), LocalStack.postgresUser(),
                LocalStack.postgresPassword());
    }

    /** A job that walks through three weighted stages with progress, resource samples and counters, then succeeds. */
    private static final class SimulatedJob {
        private static final List<StagePlan> PLAN = List.of(new StagePlan("fetch", 1), new StagePlan("build", 3),
                new StagePlan("test", 2));
        private static final int STEPS_PER_STAGE = 20;

        private final String jobId;
        private int step;
        private boolean finished;

        SimulatedJob(String jobId) {
            this.jobId = jobId;
        }

        ProgressEvent next() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            int s = step++;
            if (s == 0) {
                return new JobSubmitted(UUID.randomUUID(), jobId, now, "bench", "bench", "demo", Map.of(), 0,
                        "bench-batch", Map.of("run", "bench"), PLAN, false);
            }
            if (s == 1) {
                return new JobStarted(UUID.randomUUID(), jobId, now, "bench", 1, "bench", List.of());
            }
            int inStages = s - 2;
            int perStage = STEPS_PER_STAGE + 2;
            int stage = inStages / perStage;
            if (stage >= PLAN.size()) {
                finished = true;
                return new JobSucceeded(UUID.randomUUID(), jobId, now, "bench", "done");
            }
            String name = PLAN.get(stage).name();
            int at = inStages % perStage;
            if (at == 0) {
                return new StageStarted(UUID.randomUUID(), jobId, now, "bench", name, null);
            }
            if (at == perStage - 1) {
                return new StageCompleted(UUID.randomUUID(), jobId, now, "bench", name);
            }
            if (at % 5 == 0) {
                return new ResourceSampled(UUID.randomUUID(), jobId, now, "bench", 40 + at, 100_000_000L + at,
                        at * 4096L, at * 1024L);
            }
            return new ProgressReported(UUID.randomUUID(), jobId, now, "bench", name, (double) at / perStage,
                    (long) at, (long) perStage, "steps", "working on " + name,
                    Map.of("filesProcessed", (long) s * 10, "issuesFound", (long) s / 7));
        }

        boolean finished() {
            return finished;
        }

        SimulatedJob successor() {
            String prefix = jobId.substring(0, jobId.lastIndexOf('-'));
            int generation = Integer.parseInt(jobId.substring(jobId.lastIndexOf('-') + 1));
            return new SimulatedJob(prefix + "-" + (generation + 1));
        }
    }
}
