package io.headway.bench;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headway.events.Alert;
import io.headway.events.AlertState;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What watching jobs for alerts costs, and how soon a stall reaches its webhook (issue 14), against the real stack
 * with a packaged aggregator and gateway of the run's own.
 *
 * <p>Part one registers {@code --jobs} running jobs (a type with no history, so none stalls within the run) and, once
 * the aggregator watches them all, prints how long one look at every one of them takes (its
 * {@code headway_aggregator_alerts_check_seconds} timer): how many jobs one monitor thread evaluates per second, and
 * the aggregator's CPU while it watches them. Part two gives a second type a short history (its jobs report every half
 * second, so its learnt stall threshold is a second and a half), registers a webhook on a local receiver over REST,
 * and starts {@code --stalls} jobs of that type that report once and go quiet: for each, the time from the moment its
 * stall began (its last report plus the threshold) to the webhook's arrival.
 */
@Command(name = "alert-benchmark", mixinStandardHelpOptions = true,
        description = "Measures alert evaluation with many running jobs and the time from a stall to its webhook.")
public final class AlertBenchmark implements Callable<Integer> {

    private static final Pattern CHECK = Pattern.compile(
            "(?m)^headway_aggregator_alerts_check_seconds_(count|sum)(\\{[^}]*})? ([0-9.eE+-]+)");
    private static final Pattern WATCHED = Pattern.compile(
            "(?m)^headway_aggregator_alerts_watched(\\{[^}]*})? ([0-9.eE+-]+)");
    private static final Pattern BACKLOG = Pattern.compile(
            "(?m)^headway_aggregator_history_backlog(\\{[^}]*})? ([0-9.eE+-]+)");
    private static final Pattern FOLDED = Pattern.compile(
            "(?m)^headway_aggregator_events_total(\\{[^}]*})? ([0-9.eE+-]+)");
    private static final Pattern THRESHOLD = Pattern.compile("threshold is ([0-9.]+)s");
    /** How often the aggregator learns a job type's baseline again: the quick type's history arrives during the run. */
    private static final Duration BASELINE_REFRESH = Duration.ofSeconds(10);

    @Option(names = "--jobs", description = "running jobs watched in part one (default ${DEFAULT-VALUE})")
    int jobs = 10_000;

    @Option(names = "--seconds", description = "how long part one measures (default ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--stalls", description = "jobs that stall in part two (default ${DEFAULT-VALUE})")
    int stalls = 20;

    @Option(names = "--gateway-jar", description = "the packaged gateway (default ${DEFAULT-VALUE})")
    Path gatewayJar = Path.of("services/gateway/target/quarkus-app/quarkus-run.jar");

    @Option(names = "--aggregator-jar", description = "the packaged aggregator (default ${DEFAULT-VALUE})")
    Path aggregatorJar = Path.of("services/aggregator/target/quarkus-app/quarkus-run.jar");

    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final String progressTopic = Topics.PROGRESS + "." + run;
    private final String jobStateTopic = Topics.JOB_STATE + "." + run;
    private final String alertsTopic = Topics.ALERTS + "." + run;
    private final String key = "hw_bench_" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Instant> arrivals = new ConcurrentHashMap<>();
    private final Map<String, String> messages = new ConcurrentHashMap<>();
    /** Events sent to the run's progress topic: its aggregator has caught up once it folded as many. */
    private final AtomicLong sent = new AtomicLong();

    public static void main(String[] args) {
        System.exit(new CommandLine(new AlertBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path logs = Files.createTempDirectory("alerts-" + run);
        System.out.printf("run %s: service logs in %s%n", run, logs);
        RunTopics.around(List.of(progressTopic, jobStateTopic, alertsTopic), () -> run(logs));
        return 0;
    }

    private void run(Path logs) throws Exception {
        HttpServer receiver = receiver();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
                ServiceProcess aggregator = new ServiceProcess(aggregatorJar, Stream.concat(
                        ServiceProcess.aggregatorGroup(run + "-aggregator").stream(), Stream.of(
                        "headway.aggregator.topics.progress=" + progressTopic,
                        "headway.aggregator.topics.job-state=" + jobStateTopic,
                        "headway.aggregator.topics.alerts=" + alertsTopic,
                        "headway.aggregator.alerts.check-interval=1s",
                        "headway.aggregator.alerts.stall-minimum=1s",
                        "headway.aggregator.alerts.baseline-refresh=" + BASELINE_REFRESH.toSeconds() + "s",
                        "mp.messaging.incoming.progress.auto.offset.reset=earliest",
                        "mp.messaging.incoming.logs.auto.offset.reset=latest")).toList(),
                        logs.resolve("aggregator.log")).start();
                ServiceProcess gateway = new ServiceProcess(gatewayJar, List.of(
                        "headway.gateway.auth.dev-key=" + key,
                        "headway.gateway.auth.dev-tenant=" + run,
                        "headway.gateway.topics.progress=" + progressTopic,
                        "headway.gateway.topics.job-state=" + jobStateTopic),
                        logs.resolve("gateway.log")).start()) {
            watching(producer, aggregator);
            stallToWebhook(producer, receiver, aggregator, "http://127.0.0.1:" + gateway.port());
            // The run's jobs end in the history too, so they are not left active there for whoever comes next.
            awaitHistory(aggregator);
        } finally {
            receiver.stop(0);
        }
    }

    /** Part one: many running jobs watched; how long a look at all of them takes. */
    private void watching(KafkaProducer<String, byte[]> producer, ServiceProcess aggregator) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < jobs; i++) {
            String jobId = run + "-watched-" + i;
            send(producer, submitted(jobId, "bench-watched", now), started(jobId, now), progress(jobId, now, 0.1));
        }
        producer.flush();
        // Measured once the jobs are watched, their history is written, and two checks have looked at all of them
        // (the first ones also learn the type's baseline), so only watching is left to do.
        waitAtMost(Duration.ofMinutes(2), () -> watched(aggregator.metrics()) >= jobs && caughtUp(aggregator));
        double checksWhenReady = checks(aggregator.metrics())[0];
        waitAtMost(Duration.ofSeconds(30), () -> checks(aggregator.metrics())[0] >= checksWhenReady + 2);
        long watching = (long) watched(aggregator.metrics());
        System.out.printf("%nwatching %d running jobs (%d of this run; the rest are jobs the shared history holds as "
                + "active, on the same partitions)%n", watching, jobs);
        double[] before = checks(aggregator.metrics());
        CpuMeter cpu = new CpuMeter().track("aggregator", () -> List.of(aggregator.pid()));
        cpu.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        double[] after = checks(aggregator.metrics());
        double count = after[0] - before[0];
        double meanSeconds = (after[1] - before[1]) / count;
        System.out.printf("  checks in %d s: %.0f; one look at every job: %.1f ms on average%n", seconds, count,
                meanSeconds * 1000);
        System.out.printf("  jobs evaluated per second by the one monitor thread: %,.0f%n", watching / meanSeconds);
        System.out.printf("  aggregator CPU while watching (checks every second, nothing else to do): %.1f %% of a core"
                + "%n", cpu.percentOfOneCore().get("aggregator"));
        Instant ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < jobs; i++) {
            String jobId = run + "-watched-" + i;
            send(producer, new JobSucceeded(UUID.randomUUID(), jobId, ended, "bench", "done"));
        }
        producer.flush();
    }

    /** Part two: jobs of a type with history go quiet; from each stall's start to its webhook. */
    private void stallToWebhook(KafkaProducer<String, byte[]> producer, HttpServer receiver,
            ServiceProcess aggregator, String gatewayBase) throws Exception {
        Instant start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 5; i++) {
            String jobId = run + "-usual-" + i;
            Instant t = start.plusSeconds(i * 5L);
            send(producer, submitted(jobId, "bench-quick", t), started(jobId, t), progress(jobId, t.plusMillis(500),
                    0.25), progress(jobId, t.plusMillis(1000), 0.5), progress(jobId, t.plusMillis(1500), 0.75),
                    new JobSucceeded(UUID.randomUUID(), jobId, t.plusMillis(2000), "bench", "done"));
        }
        producer.flush();
        Instant historySent = Instant.now();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(gatewayBase + "/api/v1/webhooks"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + url + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("registering the webhook: " + created.statusCode() + " " + created.body());
        }
        // The history jobs written, and the type's threshold, learnt (as none) while they ran, learnt again after
        // the refresh interval, with a margin for their fold.
        waitAtMost(Duration.ofMinutes(1), () -> caughtUp(aggregator)
                && Instant.now().isAfter(historySent.plus(BASELINE_REFRESH).plusSeconds(2)));

        Map<String, Instant> lastReport = new ConcurrentHashMap<>();
        for (int i = 0; i < stalls; i++) {
            String jobId = run + "-stall-" + i;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            send(producer, submitted(jobId, "bench-quick", now), started(jobId, now), progress(jobId, now, 0.1));
            producer.flush();
            lastReport.put(jobId, now);
            Thread.sleep(250); // the stalls a quarter of a second apart, not all in one check
        }
        waitAtMost(Duration.ofSeconds(60), () -> arrivals.keySet().containsAll(lastReport.keySet()));
        Histogram latency = new Histogram(3);
        lastReport.forEach((jobId, reported) -> {
            Instant arrived = arrivals.get(jobId);
            Matcher threshold = THRESHOLD.matcher(messages.getOrDefault(jobId, ""));
            if (arrived != null && threshold.find()) {
                Instant stallBegan = reported.plusMillis(Math.round(Double.parseDouble(threshold.group(1)) * 1000));
                latency.recordValue(Math.max(0, Duration.between(stallBegan, arrived).toMillis()));
            }
        });
        String threshold = messages.values().stream().findFirst().map(THRESHOLD::matcher).filter(Matcher::find)
                .map(m -> m.group(1) + " s").orElse("?");
        System.out.printf("%nstall to webhook (learnt threshold %s, checks every 1 s, deliveries polled every 1 s)%n",
                threshold);
        System.out.printf("  stalls delivered: %d of %d%n", latency.getTotalCount(), stalls);
        System.out.printf("  from the stall's start to the webhook: p50 %d ms, p90 %d ms, max %d ms%n",
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(90), latency.getMaxValue());
        Instant ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lastReport.keySet().forEach(jobId -> send(producer, new JobSucceeded(UUID.randomUUID(), jobId, ended, "bench",
                "done")));
        producer.flush();
    }

    private HttpServer receiver() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            Instant arrived = Instant.now();
            Alert alert = WireType.ALERTS.codec().decode(exchange.getRequestBody().readAllBytes());
            if (alert.jobId() != null && Alert.STALLED.equals(alert.kind()) && alert.state() == AlertState.RAISED) {
                arrivals.putIfAbsent(alert.jobId(), arrived);
                messages.putIfAbsent(alert.jobId(), alert.message());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private void send(KafkaProducer<String, byte[]> producer, ProgressEvent... events) {
        for (ProgressEvent event : events) {
            producer.send(WireType.PROGRESS.record(progressTopic, event.jobId(), event));
        }
        sent.addAndGet(events.length);
    }

    /** The aggregator has folded every event sent so far, and history holds them. */
    private boolean caughtUp(ServiceProcess aggregator) throws IOException, InterruptedException {
        String metrics = aggregator.metrics();
        return gauge(FOLDED, metrics) >= sent.get() && gauge(BACKLOG, metrics) == 0;
    }

    private JobSubmitted submitted(String jobId, String type, Instant at) {
        return new JobSubmitted(UUID.randomUUID(), jobId, at, "bench", run, type, Map.of(), 0, null, Map.of(),
                List.of(), true);
    }

    private static JobStarted started(String jobId, Instant at) {
        return new JobStarted(UUID.randomUUID(), jobId, at, "bench", 1, "bench", List.of());
    }

    private static ProgressReported progress(String jobId, Instant at, double fraction) {
        return new ProgressReported(UUID.randomUUID(), jobId, at, "bench", null, fraction, null, null, null, null,
                Map.of());
    }

    private void awaitHistory(ServiceProcess aggregator) {
        waitAtMost(Duration.ofMinutes(1), () -> caughtUp(aggregator));
    }

    /** Waits until {@code done}, or gives up after {@code patience} and goes on: the report says what was missed. */
    private static void waitAtMost(Duration patience, Callable<Boolean> done) {
        try {
            await().atMost(patience).pollInterval(Duration.ofMillis(200)).until(done);
        } catch (ConditionTimeoutException e) {
            System.out.printf("  (not all there after %d s; going on)%n", patience.toSeconds());
        }
    }

    private static double watched(String metrics) {
        return gauge(WATCHED, metrics);
    }

    private static double gauge(Pattern gauge, String metrics) {
        Matcher m = gauge.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    /** The check timer's count and sum of seconds. */
    private static double[] checks(String metrics) {
        double[] countAndSum = new double[2];
        Matcher m = CHECK.matcher(metrics);
        while (m.find()) {
            countAndSum[m.group(1).equals("count") ? 0 : 1] = Double.parseDouble(m.group(3));
        }
        return countAndSum;
    }
}
