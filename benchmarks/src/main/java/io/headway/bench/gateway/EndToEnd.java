package io.headway.bench.gateway;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.headway.events.JobSnapshot;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobStatus;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TopicReader;
import io.vertx.core.http.WebSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Option;

/**
 * The latency part: {@code ProgressReported} events through Kafka, the aggregator and the gateway to a WebSocket
 * client subscribed to everything, open loop at {@code --rate}: each event is dated when it was due, so a stall shows
 * as latency instead of silently slowing the producer down. A plain Kafka consumer on the run's job-state topic
 * measures the aggregator's share; 100 jobs submitted over REST measure how soon a submission shows as QUEUED.
 */
public final class EndToEnd {

    public static final class Options {
        @Option(names = "--rate", description = "progress events/s produced (default ${DEFAULT-VALUE})")
        int rate = 5_000;

        @Option(names = "--latency-jobs", description = "jobs the events go to (default ${DEFAULT-VALUE})")
        int jobs = 1_000;

        @Option(names = "--latency-seconds", description = "how long latency is measured, after a warm-up of "
                + WARM_UP_SECONDS + " s (default ${DEFAULT-VALUE})")
        int seconds = 30;

        @Option(names = "--aggregator-jar", description = "the packaged aggregator (default ${DEFAULT-VALUE})")
        Path aggregatorJar = Path.of("services/aggregator/target/quarkus-app/quarkus-run.jar");

        public Path aggregatorJar() {
            return aggregatorJar;
        }
    }

    /**
     * What the part measured, latencies in milliseconds.
     *
     * @param feedCaughtUpMs   how long the gateway's feed took to read what was published before the part began
     * @param latencyMs        an event's due time to the arrival of the snapshot that includes it at the client
     * @param toJobStateMs     the same, to the snapshot on the job-state topic: the aggregator's share
     * @param submitToQueuedMs a REST submission's start to its QUEUED snapshot at the client
     */
    public record Result(long events, double seconds, int jobs, int warmUpSeconds, long feedCaughtUpMs,
            Percentiles latencyMs, Percentiles toJobStateMs, int submittedOverRest, Percentiles submitToQueuedMs,
            Map<String, Phase> aggregatorPhases) {

        @JsonProperty
        public double offeredPerSecond() {
            return Percentiles.round(events / seconds);
        }

        public void print() {
            System.out.printf("%nPart 3: latency, event produced to Kafka -> aggregator -> gateway -> WebSocket%n");
            System.out.printf("  gateway feed caught up     %,d ms after a marker was sent, with what was published "
                    + "before%n", feedCaughtUpMs);
            System.out.printf("  events produced            %,d in %.1f s (%,.0f/s offered, open loop, %d jobs); "
                    + "the first %d s are warm-up%n", events, seconds, offeredPerSecond(), jobs, warmUpSeconds);
            System.out.printf("  snapshots measured         %,d (the aggregator coalesces a job's changes within "
                    + "100 ms)%n", latencyMs.count());
            latencyMs.print("  latency");
            toJobStateMs.print("  of which produced -> headway.job-state (aggregator)");
            submitToQueuedMs.print("  submit over REST -> QUEUED on the WebSocket");
            if (submitToQueuedMs.count() < submittedOverRest) {
                System.out.printf("  (%d of %d jobs submitted over REST never showed QUEUED)%n",
                        submittedOverRest - submitToQueuedMs.count(), submittedOverRest);
            }
            aggregatorPhases.forEach((phase, time) -> System.out.printf(
                    "  aggregator phase %-9s %,d batches, %.1f ms each on average%n", phase, time.batches(),
                    time.msEach()));
        }
    }

    /** Where the aggregator's time went per batch, from its own metrics. */
    public record Phase(long batches, double msEach) {
    }

    static final int WARM_UP_SECONDS = 5;
    private static final int REST_SUBMISSIONS = 100;
    private static final Pattern PHASE_METRIC = Pattern.compile(
            "headway_aggregator_batch_phase_seconds_(count|sum)\\{.*phase=\"([^\"]+)\".*} (\\S+)");

    private final GatewayRun run;
    private final Options options;
    private final List<String> jobs = new ArrayList<>();
    private final Set<String> measured;
    private final Recorder atClient = new Recorder(3);
    private final Recorder onJobState = new Recorder(3);
    /** From when events count (their due time, epoch ms): the watcher's event loop and the reader read it. */
    private volatile long measuredFrom = Long.MAX_VALUE;
    /** The newest due time the watcher has seen. */
    private final AtomicLong newest = new AtomicLong();
    /** When each job submitted over REST showed QUEUED at the watcher. */
    private final Map<String, Long> queuedAt = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> markerArrived = new CompletableFuture<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);

    public EndToEnd(GatewayRun run, Options options) {
        this.run = run;
        this.options = options;
        for (int j = 0; j < options.jobs; j++) {
            jobs.add(run.latencyJob(j));
        }
        this.measured = Set.copyOf(jobs);
    }

    public Result measure() throws Exception {
        WebSocket watcher = run.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        GatewayRun.follow(watcher, Subscribe.everything(), this::received);
        if (!subscribed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway did not answer the watcher's subscription within 30 s");
        }
        long caughtUpMs = drain();
        jobs.forEach(jobId -> run.report(run.submission(jobId)));
        run.flush();
        Map<String, Long> submittedAt = submitOverRest();

        AtomicBoolean reading = new AtomicBoolean(true);
        Thread jobState = Thread.ofPlatform().name("job-state-reader").daemon().start(() -> readJobState(reading));
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        measuredFrom = startMillis + TimeUnit.SECONDS.toMillis(WARM_UP_SECONDS);
        long total = (long) options.rate * (WARM_UP_SECONDS + options.seconds);
        for (long n = 0; n < total; n++) {
            LockSupport.parkNanos(Math.max(0, start + n * 1_000_000_000L / options.rate - System.nanoTime()));
            long dueMillis = startMillis + n * 1000L / options.rate;
            run.report(GatewayRun.progress(jobs.get((int) (n % jobs.size())), Instant.ofEpochMilli(dueMillis)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        run.flush();
        // The last events are still on their way; their latencies count too.
        long lastDue = startMillis + (total - 1) * 1000L / options.rate;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> newest.get() >= lastDue);
        watcher.close();
        reading.set(false);
        jobState.join();

        Histogram submitToQueued = new Histogram(3);
        submittedAt.forEach((jobId, sent) -> {
            Long queued = queuedAt.get(jobId);
            if (queued != null) {
                submitToQueued.recordValue(Math.max(0, queued - sent) * 1000);
            }
        });
        return new Result(total, Percentiles.round(seconds), jobs.size(), WARM_UP_SECONDS, caughtUpMs,
                Percentiles.of(atClient.getIntervalHistogram()), Percentiles.of(onJobState.getIntervalHistogram()),
                submittedAt.size(), Percentiles.of(submitToQueued),
                run.aggregator().isPresent() ? aggregatorPhases(run.aggregator().get()) : Map.of());
    }

    /** A frame reached the watcher. */
    private void received(ServerMessage message) {
        long now = System.currentTimeMillis();
        switch (message) {
            case ServerMessage.Subscribed answer -> subscribed.countDown();
            case ServerMessage.Snapshot snapshot -> atWatcher(snapshot.toJobSnapshot(), now);
            case ServerMessage.Snapshots coalesced -> coalesced.snapshots().forEach(s -> atWatcher(s, now));
            default -> {
            }
        }
    }

    private void atWatcher(JobSnapshot snapshot, long now) {
        if (snapshot.jobId().equals(run.markerJob())) {
            markerArrived.complete(now);
        } else if (measurable(snapshot)) {
            long dueAt = snapshot.state().updatedAt().toEpochMilli();
            newest.accumulateAndGet(dueAt, Math::max);
            record(atClient, dueAt, now);
        } else if (!run.named(snapshot.jobId()) && snapshot.state().status() == JobStatus.QUEUED) {
            queuedAt.putIfAbsent(snapshot.jobId(), now);
        }
    }

    /** The aggregator's share: the same snapshots read straight from the run's job-state topic. */
    private void readJobState(AtomicBoolean reading) {
        try (TopicReader reader = TopicReader.fromNow(run.jobStateTopic())) {
            while (reading.get()) {
                for (var record : reader.poll()) {
                    long now = System.currentTimeMillis();
                    if (record.value() != null && measured.contains(record.key())) {
                        JobSnapshot snapshot = WireType.JOB_STATE.codec().decode(record.value());
                        if (measurable(snapshot)) {
                            record(onJobState, snapshot.state().updatedAt().toEpochMilli(), now);
                        }
                    }
                }
            }
        }
    }

    /** A snapshot of a job the events go to, after its submission (which is dated at the epoch). */
    private boolean measurable(JobSnapshot snapshot) {
        return measured.contains(snapshot.jobId()) && snapshot.sequence() > 1;
    }

    private void record(Recorder latencies, long dueAt, long now) {
        if (dueAt >= measuredFrom) {
            latencies.recordValue(Math.max(0, now - dueAt) * 1000);
        }
    }

    /**
     * Waits until the gateway's feed has read everything published before (the fan-out part's snapshots): a marker
     * snapshot sent now arrives only after that backlog, which would otherwise be measured as latency. Returns how
     * long that took.
     */
    private long drain() throws Exception {
        long sent = System.currentTimeMillis();
        run.publish(run.submitted(run.markerJob()));
        run.flush();
        return markerArrived.get(5, TimeUnit.MINUTES) - sent;
    }

    /** Submits jobs over REST one after another; returns when each submission began, by job id. */
    private Map<String, Long> submitOverRest() throws IOException, InterruptedException {
        Map<String, Long> sentAt = new HashMap<>();
        for (int i = 0; i < REST_SUBMISSIONS; i++) {
            long before = System.currentTimeMillis();
            sentAt.put(run.submitOverRest(), before);
        }
        return sentAt;
    }

    private static Map<String, Phase> aggregatorPhases(ServiceProcess aggregator) throws Exception {
        Map<String, double[]> countAndSum = new TreeMap<>();
        for (String line : aggregator.metrics().lines().toList()) {
            Matcher metric = PHASE_METRIC.matcher(line);
            if (metric.matches()) {
                countAndSum.computeIfAbsent(metric.group(2), phase -> new double[2])
                        [metric.group(1).equals("count") ? 0 : 1] = Double.parseDouble(metric.group(3));
            }
        }
        Map<String, Phase> phases = new TreeMap<>();
        countAndSum.forEach((phase, values) -> phases.put(phase, new Phase((long) values[0],
                values[0] == 0 ? 0 : Percentiles.round(values[1] * 1000 / values[0]))));
        return phases;
    }
}
