package io.headway.bench;

import io.headway.events.EtaEstimated;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.StagePlan;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.awaitility.Awaitility;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code headway.sh bench eta}: how soon after a job starts its first, history-based ETA arrives. A predictor of the
 * run's own learns a fresh job type from {@code --history} finished jobs, then {@code --jobs} new jobs of the type start
 * one by one; for each, the wall time from writing its {@code JobStarted} until its {@code EtaEstimated} is read back
 * from {@code headway.progress}, as any consumer would read it. Prints percentiles; asserts nothing.
 */
@Command(name = "eta-benchmark", mixinStandardHelpOptions = true,
        description = "Time from a job's start to its first history-based ETA.")
public final class EtaBenchmark implements Callable<Integer> {

    @Option(names = "--history", description = "finished jobs to learn from (default ${DEFAULT-VALUE})")
    int history = 10;

    @Option(names = "--jobs", description = "new jobs to time (default ${DEFAULT-VALUE})")
    int jobs = 100;

    @Option(names = "--predictor-jar", description = "the packaged eta-predictor (default ${DEFAULT-VALUE})")
    Path predictorJar = Path.of("services/eta-predictor/target/quarkus-app/quarkus-run.jar");

    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final String type = "eta-bench-" + run;
    private final List<StagePlan> stages = List.of(new StagePlan("fetch", 1), new StagePlan("work", 3));

    public static void main(String[] args) {
        System.exit(new CommandLine(new EtaBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path logs = Files.createTempDirectory("eta-" + run);
        String source = "eta-" + run;
        try (ServiceProcess predictor = new ServiceProcess(predictorJar, List.of(
                "headway.eta.group-id=" + run, "headway.eta.source=" + source), logs.resolve("predictor.log")).start();
                KafkaProducer<String, byte[]> producer = producer();
                TopicReader estimates = TopicReader.fromNow(Topics.PROGRESS)) {
            Instant base = Instant.now().minus(Duration.ofHours(1));
            for (int i = 0; i < history; i++) {
                finishedJob(producer, run + "-history-" + i, base.plusSeconds(90L * i), 60_000 + 500L * (i % 5));
            }
            producer.flush();
            Histogram latency = new Histogram(3);
            for (int i = 0; i < jobs; i++) {
                String jobId = run + "-" + i;
                long sent = System.nanoTime();
                send(producer, started(jobId, Instant.now()));
                producer.flush();
                long[] arrived = new long[1];
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                    boolean found = estimates.recordsWithKey(jobId).stream()
                            .map(r -> WireType.PROGRESS.codec().decode(r.value()))
                            .anyMatch(e -> e instanceof EtaEstimated eta && source.equals(eta.source()));
                    arrived[0] = System.nanoTime();
                    return found;
                });
                latency.recordValue((arrived[0] - sent) / 1_000);
                send(producer, List.of(new JobSucceeded(UUID.randomUUID(), jobId, Instant.now(), "bench", "ok")));
            }
            System.out.printf("first ETA after JobStarted, %d jobs after %d finished ones: p50 %.1f ms, p90 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms%n", jobs, history, ms(latency, 50), ms(latency, 90),
                    ms(latency, 99), latency.getMaxValue() / 1000.0);
        }
        return 0;
    }

    private void finishedJob(KafkaProducer<String, byte[]> producer, String jobId, Instant at, long durationMs) {
        List<ProgressEvent> events = new ArrayList<>(started(jobId, at));
        for (int step = 1; step <= 10; step++) {
            events.add(new ProgressReported(UUID.randomUUID(), jobId, at.plusMillis(durationMs * step / 10), "bench",
                    null, step / 10.0, null, null, null, null, Map.of()));
        }
        events.add(new JobSucceeded(UUID.randomUUID(), jobId, at.plusMillis(durationMs), "bench", "ok"));
        send(producer, events);
    }

    private List<ProgressEvent> started(String jobId, Instant at) {
        return List.of(new JobSubmitted(UUID.randomUUID(), jobId, at, "bench", run, type, new HashMap<>(), 0, null,
                        Map.of(), stages, true),
                new JobStarted(UUID.randomUUID(), jobId, at, "bench", 1, "bench", stages));
    }

    private static void send(KafkaProducer<String, byte[]> producer, List<ProgressEvent> events) {
        events.forEach(e -> producer.send(WireType.PROGRESS.record(Topics.PROGRESS, e.jobId(), e)));
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return LocalStack.kafkaProducer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0"));
    }
}
