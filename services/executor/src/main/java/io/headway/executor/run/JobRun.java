package io.headway.executor.run;

import io.headway.artifacts.ArtifactRefused;
import io.headway.artifacts.StoredArtifact;
import io.headway.events.ArtifactSaved;
import io.headway.events.CheckpointSaved;
import io.headway.events.JobPaused;
import io.headway.events.JobResumed;
import io.headway.events.JobStarted;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.ResourceSampled;
import io.headway.events.StageCompleted;
import io.headway.events.StageStarted;
import io.headway.executor.output.LogLines;
import io.headway.executor.output.OutputParser;
import io.headway.executor.output.OutputSignal;
import io.headway.executor.output.OutputSignal.ArtifactOffered;
import io.headway.executor.output.OutputSignal.Checkpoint;
import io.headway.executor.output.OutputSignal.Progress;
import io.headway.executor.output.OutputSignal.StageBegins;
import io.headway.executor.output.OutputSignal.StageEnds;
import io.headway.executor.output.ProgressCoalescer;
import io.headway.executor.run.ProcessTree.Usage;
import io.headway.templates.ResolvedJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One attempt of a job, as a real process tree: starts it with the resolved argv and environment (no shell), turns its
 * output into events (line protocol and template patterns, bursts coalesced) and log lines, samples the whole tree's
 * CPU, memory and I/O, and stops it on cancel, timeout or a memory-limit breach: SIGTERM, then SIGKILL after a grace
 * period. Pause and resume stop and continue the whole tree.
 *
 * <p>It reports in-attempt events ({@code JobStarted} to the last {@code StageCompleted}) to its listener and ends
 * with a {@link RunOutcome}; whether a failure is retried, and the terminal event, are the caller's to decide. Its
 * output readers, sampler and timers run on other threads; events are emitted under one lock, in order.
 */
public final class JobRun {

    /** How a run reads and watches its process. */
    public record Settings(Duration progressInterval, Duration sampleInterval, Duration cancelGrace,
            int maxLineLength) {
    }

    private static final Logger LOG = Logger.getLogger(JobRun.class);
    /** How long an attempt that has ended waits for the artifacts it named to be stored. */
    static final Duration KEEPING_PATIENCE = Duration.ofMinutes(2);

    private final ResolvedJob job;
    private final String jobId;
    private final int attempt;
    private final String executorId;
    private final RunListener listener;
    private final ArtifactKeeper artifacts;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final OutputParser parser;
    private final LogLines logLines;
    private final ProgressCoalescer coalescer;
    private final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
    private final Object lock = new Object();

    private ProcessTree tree;
    private Path directory;
    private final List<ArtifactOffered> offered = new ArrayList<>();
    private int keeping; // artifacts being stored now, outside the lock
    private String currentStage;
    private String lastCheckpoint;
    private long logSequence;
    private RunOutcome stoppedAs;
    private Usage lastUsage;
    private long lastSampleNanos;
    private List<ScheduledFuture<?>> timers = List.of();

    /**
     * @param artifacts keeps the files the job names as artifacts and previews
     * @param scheduler runs the attempt's timers (progress flushes, samples, timeout, the kill after a stop's grace)
     * @param clock     stamps its events and paces its progress events
     */
    public JobRun(ResolvedJob job, String jobId, int attempt, String executorId, RunListener listener,
            ArtifactKeeper artifacts, Settings settings, ScheduledExecutorService scheduler, Clock clock) {
        this.job = job;
        this.jobId = jobId;
        this.attempt = attempt;
        this.executorId = executorId;
        this.listener = listener;
        this.artifacts = artifacts;
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
        this.parser = new OutputParser(job.template().progressPatterns());
        this.logLines = new LogLines(settings.maxLineLength());
        this.coalescer = new ProgressCoalescer(settings.progressInterval());
    }

    /** Starts the process; the future completes with how the attempt ended. */
    public CompletableFuture<RunOutcome> start() {
        Process process;
        try {
            directory = job.workingDirectory() != null ? job.workingDirectory()
                    : Files.createTempDirectory("headway-" + jobId + "-" + attempt + "-");
            ProcessBuilder builder = new ProcessBuilder(job.argv()).directory(directory.toFile());
            builder.environment().putAll(job.environment());
            builder.environment().put("HEADWAY_JOB_ID", jobId);
            builder.environment().put("HEADWAY_ATTEMPT", Integer.toString(attempt));
            process = builder.start();
        } catch (IOException e) {
            outcome.complete(new RunOutcome.Failed("cannot start " + job.argv().getFirst() + ": " + e.getMessage(),
                    null, false, null));
            return outcome;
        }
        tree = new ProcessTree(process.toHandle());
        emit(id -> new JobStarted(id, jobId, now(), executorId, attempt, executorId, job.template().stages()));
        Thread stdout = Thread.ofVirtual().name("job-" + jobId + "-stdout").start(() -> read(process
                .getInputStream(), LogStream.STDOUT));
        Thread stderr = Thread.ofVirtual().name("job-" + jobId + "-stderr").start(() -> read(process
                .getErrorStream(), LogStream.STDERR));
        lastUsage = tree.usage();
        lastSampleNanos = System.nanoTime();
        timers = List.of(
                every(settings.progressInterval(), this::flushProgress),
                every(settings.sampleInterval(), this::sample),
                scheduler.schedule(() -> stop(new RunOutcome.TimedOut(job.timeout().toMillis(), null)),
                        job.timeout().toMillis(), TimeUnit.MILLISECONDS));
        process.onExit().thenAccept(exited -> finish(exited, stdout, stderr));
        return outcome;
    }

    /** Stops the job: SIGTERM to its tree, SIGKILL after the grace period. Its logs and counters stay. */
    public void cancel(String reason, String cancelledBy) {
        stop(new RunOutcome.Cancelled(reason, cancelledBy, null));
    }

    /** Stops the tree's processes where they are (SIGSTOP); they keep their memory. */
    public void pause() {
        synchronized (lock) {
            if (stoppedAs == null && tree != null) {
                tree.signal("STOP");
                emit(id -> new JobPaused(id, jobId, now(), executorId));
            }
        }
    }

    /** Lets a paused tree go on (SIGCONT). */
    public void resume() {
        synchronized (lock) {
            if (stoppedAs == null && tree != null) {
                tree.signal("CONT");
                emit(id -> new JobResumed(id, jobId, now(), executorId));
            }
        }
    }

    private void stop(RunOutcome reason) {
        synchronized (lock) {
            if (stoppedAs != null || outcome.isDone()) {
                return;
            }
            stoppedAs = reason;
        }
        tree.terminate();
        tree.signal("CONT"); // a paused process only handles SIGTERM once it runs
        scheduler.schedule(tree::kill, settings.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read(InputStream stream, LogStream kind) {
        try (var lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                OutputParser.Parsed parsed = parser.parse(line);
                synchronized (lock) {
                    if (parsed.signal() != null) {
                        coalescer.offer(parsed.signal(), clock.instant()).forEach(this::report);
                    }
                    if (parsed.isLog()) {
                        String text = logLines.capped(line);
                        listener.log(new LogLine(++logSequence, now(), kind, LogLines.level(text), text));
                    }
                }
                keepOffered(kind);
            }
        } catch (IOException streamClosed) {
            // the process is gone; what it printed has been read
        }
    }

    private void flushProgress() {
        synchronized (lock) {
            coalescer.poll(clock.instant()).forEach(this::report);
        }
    }

    /** Turns a coalesced signal into its event. Called under the lock. */
    private void report(OutputSignal signal) {
        switch (signal) {
            case StageBegins begins -> {
                completeCurrentStage();
                currentStage = begins.stage();
                emit(id -> new StageStarted(id, jobId, now(), executorId, begins.stage(), begins.weight()));
            }
            case StageEnds ends -> {
                String stage = ends.stage() != null ? ends.stage() : currentStage;
                if (stage != null) {
                    emit(id -> new StageCompleted(id, jobId, now(), executorId, stage));
                }
                if (stage != null && stage.equals(currentStage)) {
                    currentStage = null;
                }
            }
            case Progress p -> emit(id -> new ProgressReported(id, jobId, now(), executorId, currentStage,
                    p.fraction(), p.current(), p.total(), p.unit(), p.message(), p.counters()));
            case Checkpoint c -> {
                lastCheckpoint = c.value();
                emit(id -> new CheckpointSaved(id, jobId, now(), executorId, c.value(), currentStage));
            }
            case ArtifactOffered a -> offered.add(a); // kept by the reader outside the lock: copying takes a while
        }
    }

    /**
     * Stores the files the job has just named, in order, on the thread that read the line (so the job's later lines
     * wait, and the events keep their order) but outside the lock (so a cancel or a sample does not). A refused file
     * is reported in the job's own log with the reason.
     */
    private void keepOffered(LogStream kind) {
        List<ArtifactOffered> taken;
        synchronized (lock) {
            if (offered.isEmpty()) {
                return;
            }
            taken = List.copyOf(offered);
            offered.clear();
            keeping += taken.size();
        }
        for (ArtifactOffered offer : taken) {
            try {
                keep(offer, kind);
            } finally {
                synchronized (lock) {
                    keeping--;
                    lock.notifyAll();
                }
            }
        }
    }

    /** Stores one file and publishes it, or logs why it was not kept. */
    private void keep(ArtifactOffered offer, LogStream kind) {
        String problem;
        try {
            StoredArtifact stored = artifacts.keep(directory, offer);
            synchronized (lock) {
                emit(id -> new ArtifactSaved(id, jobId, now(), executorId, stored.name(), stored.mediaType(),
                        stored.sizeBytes(), stored.sha256(), stored.location(), stored.thumbnail(),
                        stored.preview(), currentStage));
            }
            release(stored);
            return;
        } catch (ArtifactRefused refused) {
            problem = refused.getMessage();
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Job %s: could not store artifact %s", jobId, offer.path());
            problem = "it could not be stored: " + e.getMessage();
        }
        String text = logLines.capped((offer.preview() ? "preview " : "artifact ") + offer.path()
                + " not kept: " + problem);
        synchronized (lock) {
            listener.log(new LogLine(++logSequence, now(), kind, LogLevel.WARN, text));
        }
    }

    /** Deletes what an artifact replaced under its name; a failure only leaves unused bytes in the store. */
    private void release(StoredArtifact stored) {
        try {
            artifacts.release(stored);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Job %s: could not delete the bytes artifact %s replaced: %s", jobId, stored.name(),
                    e.getMessage());
        }
    }

    private void completeCurrentStage() {
        if (currentStage != null) {
            String stage = currentStage;
            emit(id -> new StageCompleted(id, jobId, now(), executorId, stage));
            currentStage = null;
        }
    }

    /** Samples the tree; a tree over its memory limit is killed at once. */
    private void sample() {
        Usage usage = tree.usage();
        long nanos = System.nanoTime();
        double cpuPercent = Math.max(0, (usage.cpuMillis() - lastUsage.cpuMillis()) * 1e8 / (nanos - lastSampleNanos));
        lastUsage = usage;
        lastSampleNanos = nanos;
        synchronized (lock) {
            if (outcome.isDone()) {
                return;
            }
            emit(id -> new ResourceSampled(id, jobId, now(), executorId, cpuPercent, usage.rssBytes(),
                    usage.readBytes(), usage.writeBytes()));
        }
        long limit = job.memoryLimitBytes();
        if (limit > 0 && usage.rssBytes() > limit) {
            synchronized (lock) {
                if (stoppedAs != null) {
                    return;
                }
                stoppedAs = new RunOutcome.Failed("memory limit of " + mib(limit) + " exceeded: the job used "
                        + mib(usage.rssBytes()), null, false, null);
            }
            tree.kill();
        }
    }

    private void finish(Process exited, Thread stdout, Thread stderr) {
        try {
            stdout.join(Duration.ofSeconds(5));
            stderr.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitKeeping();
        timers.forEach(timer -> timer.cancel(false));
        tree.kill(); // anything the job left running in the background
        RunOutcome result;
        synchronized (lock) {
            coalescer.drain(clock.instant()).forEach(this::report);
            int exitCode = exited.exitValue();
            if (stoppedAs == null && exitCode == 0) {
                completeCurrentStage();
            }
            result = switch (stoppedAs) {
                case null -> exitCode == 0 ? new RunOutcome.Succeeded(lastCheckpoint)
                        : new RunOutcome.Failed("exit code " + exitCode, exitCode, true, lastCheckpoint);
                case RunOutcome.Cancelled c -> new RunOutcome.Cancelled(c.reason(), c.cancelledBy(), lastCheckpoint);
                case RunOutcome.TimedOut t -> new RunOutcome.TimedOut(t.timeoutMs(), lastCheckpoint);
                case RunOutcome.Failed f -> new RunOutcome.Failed(f.error(), exitCode, f.retryable(), lastCheckpoint);
                case RunOutcome.Succeeded s -> s;
            };
        }
        outcome.complete(result);
    }

    /**
     * Waits, at most {@link #KEEPING_PATIENCE}, for artifacts still being stored (a large file to a slow store), so
     * their events come before the attempt's end: after it, the job's state takes no more.
     */
    private void awaitKeeping() {
        long deadline = System.nanoTime() + KEEPING_PATIENCE.toNanos();
        synchronized (lock) {
            while (keeping > 0 || !offered.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("Job %s ended while %d artifacts were still being stored; they will not show", jobId,
                            keeping + offered.size());
                    return;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private ScheduledFuture<?> every(Duration interval, Runnable task) {
        return scheduler.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A failed sample or flush must not cancel the timer; the next one tries again.
                LOG.debugf(e, "A periodic task of job %s failed", jobId);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void emit(Function<UUID, ProgressEvent> event) {
        listener.event(event.apply(UUID.randomUUID()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String mib(long bytes) {
        return (bytes / (1024 * 1024)) + " MiB";
    }
}
