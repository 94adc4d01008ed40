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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Whether an idle executor takes waiting work while another is busy (issue 16: head-of-line blocking). Two executors
 * share a requests topic of their own. Long "hold" jobs fill executor A's slots; then short jobs are submitted, half
 * keyed onto A's partitions and half onto B's, while B has nothing to do. It prints, for each half, how long the
 * jobs waited from their submission to their start and which executor ran them. With requests shared by partition,
 * the jobs on A's partitions wait for A's holds to end however idle B is; a design that shares work by who is free
 * starts them on B within a second.
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

    @Option(names = "--jobs", description = "short jobs submitted onto each executor's partitions (default "
            + "${DEFAULT-VALUE})")
    int jobs = 4;

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
                    ServiceProcess b = executor("b", requests, templates).start();
                    var producer = new KafkaProducer<>(Map.<String, Object>of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()),
                            new StringSerializer(), new JobRequestSerializer());
                    TopicReader progress = TopicReader.fromNow(Topics.PROGRESS)) {
                Map<String, Set<Integer>> owned = await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500)).until(() -> assignment(admin),
                                byExecutor -> byExecutor.size() == 2 && byExecutor.values().stream()
                                        .noneMatch(Set::isEmpty));
                System.out.printf("run %s: executor A reads partitions %s, B reads %s (capacity %d each)%n", run,
                        owned.get(run + "-a"), owned.get(run + "-b"), capacity);

                // Each executor reads its tables before it takes its first job: wait for that, so what follows
                // measures an executor at work, not one starting.
                List<String> warmUps = List.of(ids("warm-a", owned.get(run + "-a"), 1).getFirst(),
                        ids("warm-b", owned.get(run + "-b"), 1).getFirst());
                Instant warmUpSent = Instant.now();
                warmUps.forEach(id -> submit(producer, requests, id, "quick", Map.of()));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> ended(progress, warmUps) == warmUps.size());
                System.out.printf("both executors ran a first job within %,d ms (reading their tables first)%n",
                        Duration.between(warmUpSent, Instant.now()).toMillis());

                List<String> holds = ids("hold", owned.get(run + "-a"), capacity);
                holds.forEach(id -> submit(producer, requests, id, "hold", Map.of("seconds",
                        Integer.toString(holdSeconds))));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> started(progress, holds).size() == holds.size());
                System.out.printf("executor A is busy: %d jobs of %d s hold its %d slots; B is idle%n",
                        holds.size(), holdSeconds, capacity);

                List<String> onBusy = ids("quick-a", owned.get(run + "-a"), jobs);
                List<String> onIdle = ids("quick-b", owned.get(run + "-b"), jobs);
                Map<String, Instant> submitted = new HashMap<>();
                for (int i = 0; i < jobs; i++) {
                    for (String id : List.of(onBusy.get(i), onIdle.get(i))) {
                        submitted.put(id, Instant.now());
                        submit(producer, requests, id, "quick", Map.of());
                    }
                }
                List<String> all = new ArrayList<>(onBusy);
                all.addAll(onIdle);
                Map<String, JobStarted> starts = await().atMost(Duration.ofSeconds(holdSeconds * 3L + 60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> started(progress, all), found -> found.size() == all.size());
                print("on busy executor A's partitions", onBusy, submitted, starts);
                print("on idle executor B's partitions", onIdle, submitted, starts);
            } finally {
                admin.deleteTopics(List.of(requests)).all().get();
            }
        }
        return 0;
    }

    private ServiceProcess executor(String name, String requests, Path templates) throws Exception {
        Path log = Files.createTempFile("executor-" + run + "-" + name, ".log");
        return new ServiceProcess(executorJar, List.of(
                "headway.executor.id=" + run + "-" + name,
                "headway.executor.capacity=" + capacity,
                "headway.executor.templates-dir=" + templates,
                "headway.executor.topics.job-requests=" + requests,
                "mp.messaging.incoming.job-requests.group.id=" + run,
                "mp.messaging.incoming.job-requests.client.id=" + run + "-" + name), log);
    }

    /** Which partitions each executor reads, by its client id. */
    private Map<String, Set<Integer>> assignment(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(run)).all().get().get(run);
        Map<String, Set<Integer>> owned = new HashMap<>();
        for (MemberDescription member : group.members()) {
            String executor = member.clientId().startsWith(run + "-a") ? run + "-a" : run + "-b";
            Set<Integer> partitions = owned.computeIfAbsent(executor, e -> new HashSet<>());
            member.assignment().topicPartitions().stream().map(TopicPartition::partition).forEach(partitions::add);
        }
        return owned;
    }

    /** Job ids that the default partitioner puts on these partitions. */
    private List<String> ids(String kind, Set<Integer> partitions, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < count; i++) {
            String id = run + "-" + kind + "-" + i;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (partitions.contains(partition)) {
                ids.add(id);
            }
        }
        return ids;
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

    private void print(String label, List<String> jobIds, Map<String, Instant> submitted,
            Map<String, JobStarted> starts) {
        Histogram waits = new Histogram(3);
        Map<String, Integer> byExecutor = new HashMap<>();
        for (String id : jobIds) {
            JobStarted start = starts.get(id);
            waits.recordValue(Math.max(0, Duration.between(submitted.get(id), start.occurredAt()).toMillis()));
            byExecutor.merge(start.executorId().equals(run + "-a") ? "A" : "B", 1, Integer::sum);
        }
        System.out.printf("%d short jobs %s: waited p50 %,d ms, max %,d ms before starting; started by %s%n",
                jobIds.size(), label, waits.getValueAtPercentile(50), waits.getMaxValue(), byExecutor);
    }

    private static void submit(KafkaProducer<String, JobRequest> producer, String topic, String jobId, String type,
            Map<String, String> parameters) {
        producer.send(new ProducerRecord<>(topic, jobId, new JobRequest(jobId, "bench", type, parameters, 0, null,
                Map.of(), null, null, Instant.now(), "bench")));
        producer.flush();
    }
}
