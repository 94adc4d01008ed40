package io.headway.events.reporter;

import io.headway.events.ArtifactSaved;
import io.headway.events.CheckpointSaved;
import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobStarted;
import io.headway.events.JobSubmitted;
import io.headway.events.JobSucceeded;
import io.headway.events.LogBatch;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.StageCompleted;
import io.headway.events.StagePlan;
import io.headway.events.StageStarted;
import io.headway.events.kafka.HeadwaySerializer;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Lets code that runs outside Headway report its own job's progress straight to Kafka, where the platform tracks it
 * like any job it runs itself.
 *
 * <pre>{@code
 * try (JobReporter job = JobReporter.builder("localhost:19092", "acme", "nightly-import")
 *         .stage("download", 1).stage("load", 3)
 *         .start()) {
 *     job.stageStarted("download");
 *     job.progress(0.5, "half way");
 *     job.stageCompleted("download");
 *     job.stageStarted("load");
 *     job.units(1200, 5000, "rows");
 *     job.succeed("5000 rows loaded");
 * }
 * }</pre>
 *
 * <p>{@link #start()} publishes {@code JobSubmitted} and {@code JobStarted}; closing a reporter that has neither
 * succeeded nor failed publishes {@code JobFailed}, so a crash in the reported code never leaves a job running
 * forever. Sends are asynchronous; {@link #close()} waits for them and throws if any failed. Not thread-safe: one
 * thread reports one job.
 *
 * <p>What people ask of the job over the API (cancel, pause, resume) reaches the reporter from
 * {@code headway.job-control}: {@link #cancelRequested()} says whether to stop, {@link #control()} gives the latest
 * request, and {@link Builder#onControl} is told of each as it comes. The platform does not stop code it does not
 * run: the reported code stops itself and says so with {@link #cancelled}.
 *
 * <pre>{@code
 * for (Path file : files) {
 *     if (job.cancelRequested()) {
 *         job.cancelled("stopped at " + file);
 *         return;
 *     }
 *     load(file);
 * }
 * }</pre>
 */
public final class JobReporter implements AutoCloseable {

    private final Producer<String, ProgressEvent> progress;
    private final Producer<String, LogBatch> logs;
    private final String progressTopic;
    private final String logsTopic;
    private final String jobId;
    private final String source;
    private final Clock clock;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final AtomicLong logSequence = new AtomicLong();
    private final ControlWatch control;
    private final ArtifactSink artifacts;
    private boolean finished;

    private JobReporter(Builder builder) {
        Properties properties = new Properties();
        properties.putAll(builder.kafka);
        properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        properties.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.progress = new KafkaProducer<>(properties, new StringSerializer(),
                new HeadwaySerializer<>(WireType.PROGRESS));
        this.logs = new KafkaProducer<>(properties, new StringSerializer(), new HeadwaySerializer<>(WireType.LOGS));
        this.progressTopic = builder.progressTopic;
        this.logsTopic = builder.logsTopic;
        this.jobId = builder.jobId != null ? builder.jobId : UUID.randomUUID().toString();
        this.source = builder.source;
        this.clock = builder.clock;
        this.artifacts = builder.artifacts;
        this.control = builder.watchControl
                ? new ControlWatch(builder.kafka, builder.controlTopic, jobId, builder.controlListener) : null;
    }

    /** Starts describing a job to report; {@code bootstrapServers} is the Kafka cluster Headway reads. */
    public static Builder builder(String bootstrapServers, String tenant, String jobType) {
        return new Builder(bootstrapServers, tenant, jobType);
    }

    public String jobId() {
        return jobId;
    }

    public void stageStarted(String stage) {
        send(new StageStarted(UUID.randomUUID(), jobId, now(), source, stage, null));
    }

    public void stageCompleted(String stage) {
        send(new StageCompleted(UUID.randomUUID(), jobId, now(), source, stage));
    }

    /** How far the current stage (or the job, without stages) has come, 0 to 1. */
    public void progress(double fraction, String message) {
        send(new ProgressReported(UUID.randomUUID(), jobId, now(), source, null, fraction, null, null, null, message,
                Map.of()));
    }

    /** Units done of the current stage, e.g. 1200 of 5000 rows; the fraction follows from them. */
    public void units(long current, long total, String unit) {
        send(new ProgressReported(UUID.randomUUID(), jobId, now(), source, null, null, current, total, unit, null,
                Map.of()));
    }

    /** The running total of a counter, e.g. rowsRejected = 3. */
    public void counter(String name, long value) {
        send(new ProgressReported(UUID.randomUUID(), jobId, now(), source, null, null, null, null, null, null,
                Map.of(name, value)));
    }

    /** A point the job could resume from. */
    public void checkpoint(String checkpoint) {
        send(new CheckpointSaved(UUID.randomUUID(), jobId, now(), source, checkpoint, null));
    }

    /**
     * Keeps a file the job made (a report, a result file) as its artifact of that name: stored by the reporter's
     * {@link Builder#artifacts sink}, then published as {@code ArtifactSaved}.
     *
     * @throws IllegalArgumentException when the file may not be an artifact, with the reason
     * @throws ReporterException        when it could not be stored
     */
    public void artifact(String name, Path file) {
        keep(name, file, false);
    }

    /** Shows an image of the work in progress (PNG, JPEG, GIF or WebP) as the job's latest preview. */
    public void preview(Path image) {
        keep(image.getFileName().toString(), image, true);
    }

    private void keep(String name, Path file, boolean preview) {
        if (artifacts == null) {
            throw new IllegalStateException("this reporter has no artifact store: build it with .artifacts(...)");
        }
        ArtifactSink.Stored stored;
        try {
            stored = artifacts.store(jobId, file, name, preview);
        } catch (IOException e) {
            throw new ReporterException("could not store artifact " + name + " of job " + jobId, e);
        }
        send(new ArtifactSaved(UUID.randomUUID(), jobId, now(), source, stored.name(), stored.mediaType(),
                stored.sizeBytes(), stored.sha256(), stored.location(), stored.thumbnail(), preview, null));
    }

    /** One line for the job's live log. */
    public void log(LogLevel level, String text) {
        Instant at = now();
        var line = new LogLine(logSequence.incrementAndGet(), at, LogStream.REPORTED, level, text);
        var batch = new LogBatch(UUID.randomUUID(), jobId, 1, source, at, List.of(line));
        logs.send(new ProducerRecord<>(logsTopic, jobId, batch), this::recordFailure);
    }

    /** The latest cancel, pause or resume asked of this job over the API, if any. */
    public Optional<ControlIntent> control() {
        return control == null ? Optional.empty() : control.latest();
    }

    /** Whether someone asked for this job to be cancelled: the reported code should stop, then call {@link #cancelled}. */
    public boolean cancelRequested() {
        return control().map(intent -> intent.action() == ControlAction.CANCEL).orElse(false);
    }

    /** Ends the job as cancelled, naming who asked for it when someone did over the API. */
    public void cancelled(String reason) {
        String by = control().filter(intent -> intent.action() == ControlAction.CANCEL)
                .map(ControlIntent::requestedBy).orElse(source);
        finish(new JobCancelled(UUID.randomUUID(), jobId, now(), source, reason, by));
    }

    public void succeed(String summary) {
        finish(new JobSucceeded(UUID.randomUUID(), jobId, now(), source, summary));
    }

    public void fail(String error) {
        finish(new JobFailed(UUID.randomUUID(), jobId, now(), source, error, null, false));
    }

    /**
     * Waits for every event to be written and releases the Kafka producers. Marks the job failed first if it has not
     * finished.
     *
     * @throws ReporterException if any event could not be written
     */
    @Override
    public void close() {
        try {
            if (!finished) {
                fail("the reporter was closed before the job succeeded or failed");
            }
            progress.flush();
            logs.flush();
        } finally {
            progress.close();
            logs.close();
            if (control != null) {
                control.close();
            }
        }
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw new ReporterException("could not report job " + jobId + ": " + failure.getMessage(), failure);
        }
    }

    private void start(Builder builder) {
        Instant at = now();
        send(new JobSubmitted(UUID.randomUUID(), jobId, at, source, builder.tenant, builder.jobType,
                builder.parameters, builder.priority, builder.batchId, builder.labels, builder.stages, true));
        send(new JobStarted(UUID.randomUUID(), jobId, at, source, 1, source, builder.stages));
    }

    private void finish(ProgressEvent terminal) {
        if (finished) {
            throw new IllegalStateException("job " + jobId + " has already finished");
        }
        finished = true;
        send(terminal);
    }

    private void send(ProgressEvent event) {
        if (finished && !event.isTerminal()) {
            throw new IllegalStateException("job " + jobId + " has finished; nothing more can be reported");
        }
        progress.send(new ProducerRecord<>(progressTopic, jobId, event), this::recordFailure);
    }

    private void recordFailure(Object metadata, Exception exception) {
        if (exception != null) {
            sendFailure.compareAndSet(null, exception);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** What the reported job is; {@link #start()} creates the reporter and publishes the job's start. */
    public static final class Builder {

        private final Map<String, Object> kafka = new HashMap<>();
        private final String tenant;
        private final String jobType;
        private final List<StagePlan> stages = new ArrayList<>();
        private final Map<String, String> labels = new HashMap<>();
        private final Map<String, String> parameters = new HashMap<>();
        private String jobId;
        private String source = "reporter";
        private String batchId;
        private int priority;
        private String progressTopic = Topics.PROGRESS;
        private String logsTopic = Topics.LOGS;
        private String controlTopic = Topics.JOB_CONTROL;
        private boolean watchControl = true;
        private Consumer<ControlIntent> controlListener = intent -> {
        };
        private Clock clock = Clock.systemUTC();
        private ArtifactSink artifacts;

        private Builder(String bootstrapServers, String tenant, String jobType) {
            kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            this.tenant = tenant;
            this.jobType = jobType;
        }

        /** Reports under this id instead of a new random one, e.g. to keep the id of a job you track elsewhere. */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /** Who reports, e.g. {@code nightly-import@host-7}; shown as the job's executor. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder stage(String name, double weight) {
            stages.add(new StagePlan(name, weight));
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        public Builder batchId(String batchId) {
            this.batchId = batchId;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** Topic names, when the platform does not use the defaults. */
        public Builder topics(String progressTopic, String logsTopic) {
            this.progressTopic = progressTopic;
            this.logsTopic = logsTopic;
            return this;
        }

        /** The control topic, when the platform does not use the default. */
        public Builder controlTopic(String controlTopic) {
            this.controlTopic = controlTopic;
            return this;
        }

        /**
         * Called, on a thread of the reporter's, with each cancel, pause or resume asked of the job, e.g. to interrupt
         * the work; {@link #cancelRequested()} can be asked instead.
         */
        public Builder onControl(Consumer<ControlIntent> listener) {
            this.controlListener = listener;
            return this;
        }

        /** Whether to follow {@code headway.job-control} for the job (on by default: one Kafka consumer). */
        public Builder watchControl(boolean watch) {
            this.watchControl = watch;
            return this;
        }

        /** Any other Kafka client setting, e.g. security properties; the control watch uses them too. */
        public Builder kafka(String key, Object value) {
            kafka.put(key, value);
            return this;
        }

        /** Where {@link #artifact} and {@link #preview} store the files' bytes. */
        public Builder artifacts(ArtifactSink artifacts) {
            this.artifacts = artifacts;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Connects and publishes the job's submission and start. */
        public JobReporter start() {
            JobReporter reporter = new JobReporter(this);
            reporter.start(this);
            return reporter;
        }
    }
}
