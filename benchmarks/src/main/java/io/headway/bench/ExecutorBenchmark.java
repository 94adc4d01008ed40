package io.headway.bench;

import static org.awaitility.Awaitility.await;

import io.headway.events.JobRequest;
import io.headway.events.JobStarted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.kafka.JobRequestSerializer;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * What one executor instance sustains on this machine. Part one runs {@code --jobs} jobs at once (each a real process
 * tree reporting progress twice a second for {@code --seconds}) and prints how long they took to start, the
 * executor's CPU share and memory while they ran, and the event rate. Part two runs one job that prints
 * {@code --lines} progress lines as fast as it can and prints how fast the executor read them, how many events they
 * became, and the executor's CPU share meanwhile.
 */
@Command(name = "executor-benchmark", mixinStandardHelpOptions = true,
        description = "Measures how many concurrent jobs one executor sustains and its event rate.")
public final class ExecutorBenchmark implements Callable<Integer> {

    @Option(names = "--jobs", description = "jobs running at once (default ${DEFAULT-VALUE})")
    int jobs = 100;

    @Option(names = "--seconds", description = "how long each concurrent job runs (default ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--lines", description = "progress lines the fast job prints (default ${DEFAULT-VALUE})")
    int lines = 1_000_000;

    @Option(names = "--executor-jar", description = "the packaged executor (default ${DEFAULT-VALUE})")
    Path executorJar = Path.of("services/executor/target/quarkus-app/quarkus-run.jar");

    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExecutorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String requests = Topics.JOB_REQUESTS + "." + run;
        Path templates = Files.createTempDirectory("bench-templates");
        Files.writeString(templates.resolve("ticker.yaml"), """
                type: ticker
                command: ["bash", "-c", "echo ::stage run; for ((i = 1; i <= $1; i++)); do sleep 0.5; \\
                  echo \\"::progress $i/$1 ticks\\"; echo \\"tick $i\\"; done", "ticker", "${ticks}"]
                parameters: [{name: ticks, type: INTEGER}]
                concurrency: 100000
                """);
        Files.writeString(templates.resolve("firehose.yaml"), """
                type: firehose
                command: ["bash", "-c", "for ((i = 1; i <= $1; i++)); do echo \\"::progress $i/$1 lines\\"; done",
                  "firehose", "${lines}"]
                parameters: [{name: lines, type: INTEGER}]
                """);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(requests, 6, (short) 1))).all().get();
            Path log = Files.createTempFile("executor-" + run, ".log");
            System.out.printf("run %s: executor log %s%n", run, log);
            try (ServiceProcess executor = new ServiceProcess(executorJar, List.of(
                    "headway.executor.id=" + run,
                    "headway.executor.capacity=" + Math.max(jobs, 1),
                    "headway.executor.templates-dir=" + templates,
                    "headway.executor.topics.job-requests=" + requests,
                    "headway.executor.requests-group=" + run), log).start();
                    var producer = new KafkaProducer<>(Map.<String, Object>of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()),
                            new StringSerializer(), new JobRequestSerializer())) {
                warmUp(producer, requests);
                concurrentJobs(executor, producer, requests);
                firehose(executor, producer, requests);
            } finally {
                admin.deleteTopics(List.of(requests)).all().get();
            }
        }
        return 0;
    }

    /** One short job, so measuring starts once the executor has read its tables and takes work. */
    private void warmUp(KafkaProducer<String, JobRequest> producer, String topic) throws Exception {
        String jobId = run + "-warm-up";
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            Instant submitted = Instant.now();
            submit(producer, topic, jobId, "ticker", Map.of("ticks", "1"));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> progress.recordsWithKey(jobId).stream()
                            .anyMatch(r -> WireType.PROGRESS.codec().decode(r.value()).isTerminal()));
            System.out.printf("warm-up: the executor took its first job after %,d ms (reading its tables first)%n",
                    Duration.between(submitted, Instant.now()).toMillis());
        }
    }

    private void concurrentJobs(ServiceProcess executor, KafkaProducer<String, JobRequest> producer, String topic)
            throws Exception {
        List<String> ids = IntStream.range(0, jobs).mapToObj(i -> run + "-ticker-" + i).toList();
        int ticks = seconds * 2;
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            CpuMeter cpu = new CpuMeter().track("executor", () -> List.of(executor.pid()));
            Instant submitted = Instant.now();
            ids.forEach(id -> submit(producer, topic, id, "ticker", Map.of("ticks", Integer.toString(ticks))));
            long started = 0;
            long peakRss = 0;
            Instant allStarted = null;
            cpu.start();
            while (true) {
                var records = progress.records(r -> r.key() != null && r.key().startsWith(run + "-ticker-"));
                List<ProgressEvent> events = records.stream().map(r -> WireType.PROGRESS.codec().decode(r.value()))
                        .toList();
                started = events.stream().filter(JobStarted.class::isInstance).count();
                long finished = events.stream().filter(JobSucceeded.class::isInstance).count();
                peakRss = Math.max(peakRss, rss(executor.pid()));
                if (allStarted == null && started == jobs) {
                    allStarted = Instant.now();
                }
                if (finished == jobs || Duration.between(submitted, Instant.now()).toSeconds() > seconds * 4L + 60) {
                    Duration elapsed = Duration.between(submitted, Instant.now());
                    System.out.printf("%n%d concurrent jobs of %d s each (a bash process tree each, progress every"
                                    + " 0.5 s, resources sampled every second):%n", jobs, seconds);
                    System.out.printf("  all started after     %s%n", allStarted == null ? "never (" + started
                            + " started)" : Duration.between(submitted, allStarted).toMillis() + " ms");
                    System.out.printf("  all finished after    %.1f s (%d of %d succeeded)%n",
                            elapsed.toMillis() / 1000.0, finished, jobs);
                    System.out.printf("  events produced       %,d (%,.0f per second)%n", events.size(),
                            events.size() / (elapsed.toMillis() / 1000.0));
                    System.out.printf("  executor CPU          %.1f %% of one core%n",
                            cpu.percentOfOneCore().get("executor"));
                    System.out.printf("  executor memory       %,d MiB resident at most%n", peakRss / (1024 * 1024));
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    private void firehose(ServiceProcess executor, KafkaProducer<String, JobRequest> producer, String topic)
            throws Exception {
        String jobId = run + "-firehose";
        try (TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
            CpuMeter cpu = new CpuMeter().track("executor", () -> List.of(executor.pid()));
            cpu.start();
            submit(producer, topic, jobId, "firehose", Map.of("lines", Integer.toString(lines)));
            List<ProgressEvent> events = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> progress.recordsWithKey(jobId).stream()
                            .map(r -> WireType.PROGRESS.codec().decode(r.value())).toList(),
                            all -> all.stream().anyMatch(ProgressEvent::isTerminal));
            Instant first = events.getFirst().occurredAt();
            Instant last = events.getLast().occurredAt();
            double secondsRun = Math.max(0.001, Duration.between(first, last).toMillis() / 1000.0);
            long progressEvents = events.stream().filter(ProgressReported.class::isInstance).count();
            ProgressReported latest = events.stream().filter(ProgressReported.class::isInstance)
                    .map(ProgressReported.class::cast).reduce((a, b) -> b).orElseThrow();
            System.out.printf("%none job printing %,d progress lines as fast as it can (%s):%n", lines,
                    events.getLast().type());
            System.out.printf("  lines read            %,.0f per second (%.1f s from start to end)%n",
                    lines / secondsRun, secondsRun);
            System.out.printf("  progress events       %,d (%.1f per second); the last says %d/%d%n", progressEvents,
                    progressEvents / secondsRun, latest.current(), latest.total());
            System.out.printf("  executor CPU          %.1f %% of one core%n", cpu.percentOfOneCore().get("executor"));
        }
    }

    private static void submit(KafkaProducer<String, JobRequest> producer, String topic, String jobId, String type,
            Map<String, String> parameters) {
        producer.send(new ProducerRecord<>(topic, jobId, new JobRequest(jobId, "bench", type, parameters, 0, null,
                Map.of(), null, null, Instant.now(), "bench")));
        producer.flush();
    }

    private static long rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
        } catch (Exception gone) {
            return 0;
        }
    }
}
