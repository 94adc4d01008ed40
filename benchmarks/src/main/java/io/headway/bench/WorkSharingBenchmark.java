package io.headway.bench;

import static org.awaitility.Awaitility.await;

import io.headway.events.JobRequest;
import io.headway.events.JobStarted;
import io.headway.events.ProgressEvent;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
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
 * Whether an idle executor takes waiting work at once while another is busy (issue 16: head-of-line blocking). Two
 * executors share a requests topic of their own through the share group. Executor A starts alone and its slots are
 * filled with long "hold" jobs; then B starts and runs a first job (it reads its tables before it takes one); then
 * short jobs are submitted, keyed onto every partition. It prints how long they waited from their submission to their
 * start, and which executor ran them. With requests shared by partition (the design before share groups), the jobs on
 * A's partitions waited for A's holds to end however idle B was; shared by who asks for work, B starts them all.
 */
@Command(name = "work-sharing-benchmark", mixinStandardHelpOptions = true,
        description = "Measures how long work waits on a busy executor while another is idle.")
public final class WorkSharingBenchmark implements Callable<Integer> {

    private static final int PARTITIONS = 6;

    @Option(names = "--capacity", description = "jobs each executor runs at once (default ${DEFAULT-VALUE})")
    int capacity = 2;

    @Option(names = "--hold-seconds", description = "how long the jobs filling executor A run (default "
            + "${DEFAULT-VALUE})")
    int holdSeconds = 20;

    @Option(names = "--jobs", description = "short jobs submitted while A is busy (default ${DEFAULT-VALUE})")
    int jobs = 8;

    @Option(names = "--executor-jar", description = "the packaged executor (default ${DEFAULT-VALUE})")
    Path executorJar = Path.of("services/executor/target/quarkus-app/quarkus-run.jar");

    private final String run = "share-" + UUID.randomUUID().toString().substring(0, 8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkSharingBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String requests = Topics.JOB_REQUESTS + "." + run;
        Path templates = Files.createTempDirectory("bench-templates");
        Files.writeString(templates.resolve("hold.yaml"), """
                type: hold
                command: ["bash", "-c", "echo ::stage hold; sleep $1", "hold", "${seconds}"]
                parameters: [{name: seconds, type: INTEGER}]
                concurrency: 1000
                """);
        Files.writeString(templates.resolve("quick.yaml"), """
                type: quick
                command: ["bash", "-c", "echo ::progress 100%"]
                concurrency: 1000
                """);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(requests, PARTITIONS, (short) 1))).all().get();
            try (ServiceProcess a = executor("a", requests, templates).start();
                    var producer = new KafkaProducer<>(Map.<String, Object>of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()),
                            new StringSerializer(), new JobRequestSerializer());
                    TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
                runFirstJob(producer, requests, progress, "a");
                List<String> holds = ids("hold", capacity);
                holds.forEach(id -> submit(producer, requests, id, "hold", Map.of("seconds",
                        Integer.toString(holdSeconds))));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> started(progress, holds).size() == holds.size());
                try (ServiceProcess b = executor("b", requests, templates).start()) {
                    runFirstJob(producer, requests, progress, "b");
                    System.out.printf("executor A is busy: %d jobs of %d s hold its %d slots; B is idle (capacity "
                            + "%d each)%n", holds.size(), holdSeconds, capacity, capacity);

                    List<String> quick = ids("quick", jobs);
                    Map<String, Instant> submitted = new HashMap<>();
                    for (String id : quick) {
                        submitted.put(id, Instant.now());
                        submit(producer, requests, id, "quick", Map.of());
                    }
                    Map<String, JobStarted> starts = await().atMost(Duration.ofSeconds(holdSeconds * 3L + 60))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> started(progress, quick), found -> found.size() == quick.size());
                    print(quick, submitted, starts);
                }
            } finally {
                admin.deleteTopics(List.of(requests)).all().get();
            }
        }
        return 0;
    }

    /**
     * Runs a first job and waits for its end, so that what follows measures an executor at work, not one starting
     * (it reads its tables before it takes a job). With A busy, only B can take B's.
     */
    private void runFirstJob(KafkaProducer<String, JobRequest> producer, String requests, TopicReader progress,
            String executor) {
        List<String> first = ids("warm-" + executor, 1);
        Instant sent = Instant.now();
        submit(producer, requests, first.getFirst(), "quick", Map.of());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> ended(progress, first) == 1);
        System.out.printf("executor %s ran a first job within %,d ms of its start (reading its tables first)%n",
                executor.toUpperCase(Locale.ROOT), Duration.between(sent, Instant.now()).toMillis());
    }

    private ServiceProcess executor(String name, String requests, Path templates) throws Exception {
        Path log = Files.createTempFile("executor-" + run + "-" + name, ".log");
        return new ServiceProcess(executorJar, List.of(
                "headway.executor.id=" + run + "-" + name,
                "headway.executor.capacity=" + capacity,
                "headway.executor.templates-dir=" + templates,
                "headway.executor.topics.job-requests=" + requests,
                "headway.executor.requests-group=" + run), log);
    }

    /** Job ids of the run, keyed onto every partition alike. */
    private List<String> ids(String kind, int count) {
        return IntStream.range(0, count).mapToObj(i -> run + "-" + kind + "-" + i).toList();
    }

    private static Map<String, JobStarted> started(TopicReader progress, List<String> jobIds) {
        Set<String> wanted = Set.copyOf(jobIds);
        Map<String, JobStarted> starts = new HashMap<>();
        progress.records(r -> r.key() != null && wanted.contains(r.key())).forEach(r -> {
            ProgressEvent event = WireType.PROGRESS.codec().decode(r.value());
            if (event instanceof JobStarted start) {
                starts.putIfAbsent(start.jobId(), start);
            }
        });
        return starts;
    }

    private static long ended(TopicReader progress, List<String> jobIds) {
        Set<String> wanted = Set.copyOf(jobIds);
        return progress.records(r -> r.key() != null && wanted.contains(r.key())).stream()
                .filter(r -> WireType.PROGRESS.codec().decode(r.value()).isTerminal()).count();
    }

    private void print(List<String> jobIds, Map<String, Instant> submitted, Map<String, JobStarted> starts) {
        Histogram waits = new Histogram(3);
        Map<String, Integer> byExecutor = new TreeMap<>();
        for (String id : jobIds) {
            JobStarted start = starts.get(id);
            waits.recordValue(Math.max(0, Duration.between(submitted.get(id), start.occurredAt()).toMillis()));
            byExecutor.merge(start.executorId().equals(run + "-a") ? "A" : "B", 1, Integer::sum);
        }
        System.out.printf("%d short jobs submitted while A was busy and B idle: waited p50 %,d ms, p99 %,d ms, max "
                + "%,d ms before starting; started by %s%n", jobIds.size(), waits.getValueAtPercentile(50),
                waits.getValueAtPercentile(99), waits.getMaxValue(), byExecutor);
    }

    private static void submit(KafkaProducer<String, JobRequest> producer, String topic, String jobId, String type,
            Map<String, String> parameters) {
        producer.send(new ProducerRecord<>(topic, jobId, new JobRequest(jobId, "bench", type, parameters, 0, null,
                Map.of(), null, null, Instant.now(), "bench")));
        producer.flush();
    }
}
