package io.headway.executor.supervisor;

import io.headway.artifacts.ArtifactIntake;
import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.JobRequest;
import io.headway.events.LogLine;
import io.headway.events.ProgressEvent;
import io.headway.executor.config.ExecutorConfig;
import io.headway.executor.domain.AttemptDecision;
import io.headway.executor.domain.LogBuffer;
import io.headway.executor.domain.QueuePositions;
import io.headway.executor.domain.WorkQueue;
import io.headway.executor.domain.WorkQueue.Waiting;
import io.headway.executor.producer.EventPublisher;
import io.headway.executor.run.ArtifactKeeper;
import io.headway.executor.run.JobRun;
import io.headway.executor.run.RunListener;
import io.headway.executor.run.RunOutcome;
import io.headway.templates.InvalidSubmissionException;
import io.headway.templates.JobTemplate;
import io.headway.templates.ResolvedJob;
import io.headway.templates.TemplateCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Runs the jobs this executor instance takes: holds the requests it admitted in a {@link WorkQueue}, starts them as
 * limits allow, reports each run to Kafka, obeys control intents, retries failed attempts after the template's backoff
 * from the last checkpoint, and acknowledges a request only when its job has ended, so that the requests of an
 * instance that dies are delivered to another and run there as the next attempt.
 *
 * <p>It only wires: what becomes of an ended attempt is {@link AttemptDecision}'s, which waiting job starts is the
 * {@link WorkQueue}'s, which job hears its place is {@link QueuePositions}', when log lines go is {@link LogBuffer}'s.
 * It must not decide any of that itself. All state is guarded by this object's lock; runs report from their own
 * threads.
 */
@ApplicationScoped
public class JobSupervisor {

    private static final Logger LOG = Logger.getLogger(JobSupervisor.class);

    private final ExecutorConfig config;
    private final TemplateCatalog templates;
    /** Each job type's concurrency limit; templates do not change while the executor runs. */
    private final Map<String, Integer> concurrencyByType = new HashMap<>();
    private final EventPublisher publisher;
    private final JobTables tables;
    private final Clock clock;
    private final JobEvents events;
    private final String executorId;
    private final JobRun.Settings runSettings;
    private final ArtifactIntake artifacts;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("job-timers-", 0).daemon().factory());
    private final WorkQueue<Admitted> queue;
    private final QueuePositions positions = new QueuePositions();
    private final Map<String, Active> active = new HashMap<>();
    private final Set<String> pausedWhileWaiting = new HashSet<>();
    private final MeterRegistry metrics;
    private final Counter attemptsStarted;
    private CompletableFuture<Void> room = CompletableFuture.completedFuture(null);
    private boolean stopping;

    public JobSupervisor(ExecutorConfig config, TemplateCatalog templates, EventPublisher publisher,
            JobTables tables, ArtifactIntake artifacts, Clock clock, MeterRegistry metrics) {
        this.config = config;
        this.artifacts = artifacts;
        this.templates = templates;
        this.publisher = publisher;
        this.tables = tables;
        this.clock = clock;
        this.executorId = config.executorId();
        this.events = new JobEvents(executorId, clock);
        this.runSettings = new JobRun.Settings(config.progressInterval(), config.sampleInterval(),
                config.cancelGrace(), config.maxLineLength());
        this.queue = new WorkQueue<>(config.capacity());
        templates.types().forEach(type -> concurrencyByType.put(type, templates.require(type).concurrency()));
        this.metrics = metrics;
        Gauge.builder("headway.executor.jobs.running", this, s -> s.heartbeat().running())
                .description("Jobs running on this instance").register(metrics);
        Gauge.builder("headway.executor.jobs.waiting", this, s -> s.heartbeat().waiting())
                .description("Jobs admitted and waiting for a slot on this instance").register(metrics);
        this.attemptsStarted = Counter.builder("headway.executor.attempts.started")
                .description("Attempts started (a job's first, and each retry)").register(metrics);
        // Every outcome from the start, at zero: a dashboard shows "no failures", not "no data".
        List.of("succeeded", "failed", "cancelled", "timed_out", "rejected").forEach(this::jobsEnded);
    }

    /** A request taken in, with the message to acknowledge when its job ends. */
    record Admitted(JobRequest request, Message<?> message) {
    }

    /** A job that has started: its current run, attempt and the attempt's log buffer. */
    private final class Active implements RunListener {
        final Admitted admitted;
        final JobTemplate template;
        final ArtifactKeeper artifacts;
        JobRun run;
        CompletableFuture<RunOutcome> outcome;
        int attempt;
        volatile LogBuffer logs;

        Active(Admitted admitted, JobTemplate template) {
            this.admitted = admitted;
            this.template = template;
            this.artifacts = new ArtifactKeeper(JobSupervisor.this.artifacts, admitted.request().jobId());
        }

        String jobId() {
            return admitted.request().jobId();
        }

        @Override
        public void event(ProgressEvent event) {
            publisher.event(event);
        }

        @Override
        public void log(LogLine line) {
            logs.add(line).ifPresent(publisher::logs);
        }

        void flushLogs() {
            logs.flush().ifPresent(publisher::logs);
        }
    }

    /** Sends buffered log lines every batch interval; lines also go when a batch is full and when an attempt ends. */
    void startLogTimer(@Observes StartupEvent event) {
        long interval = config.logBatchInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::flushLogs, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a request in. The Uni completes once there is room for another one, so the instance never pulls more
     * work than it can start soon.
     */
    public Uni<Void> admit(JobRequest request, Message<?> message) {
        String jobId = request.jobId();
        Admitted admitted = new Admitted(request, message);
        CompletionStage<Void> wait;
        synchronized (this) {
            if (tables.job(jobId).filter(JobTables.Known::terminal).isPresent()) {
                LOG.debugf("Job %s has ended already; its request was delivered again", jobId);
                return Uni.createFrom().completionStage(message.ack());
            }
            var cancel = tables.intent(jobId).filter(intent -> intent.action() == ControlAction.CANCEL);
            if (cancel.isPresent()) {
                ended("cancelled");
                return Uni.createFrom().completionStage(end(admitted, events.cancelled(jobId, cancel.get())));
            }
            JobTemplate template;
            try {
                template = templates.require(request.jobType());
                template.resolve(request.parameters(), null, request.timeoutMs(), request.maxAttempts());
            } catch (InvalidSubmissionException e) {
                ended("rejected");
                return Uni.createFrom().completionStage(end(admitted, events.rejected(jobId, e.getMessage())));
            }
            queue.add(jobId, template.type(), request.priority(), admitted);
            startWhatCan();
            if (pausedWhileWaiting.contains(jobId)) {
                publisher.event(events.paused(jobId)); // paused before it came
            }
            if (queue.waitingCount() >= config.maxWaiting() && room.isDone()) {
                room = new CompletableFuture<>();
            }
            wait = room;
        }
        return Uni.createFrom().completionStage(wait);
    }

    /** Applies a control intent to a job this instance holds; other instances' jobs are theirs. */
    public synchronized void control(String jobId, ControlIntent intent) {
        if (intent == null) {
            return;
        }
        Active running = active.get(jobId);
        switch (intent.action()) {
            case CANCEL -> {
                if (running != null) {
                    running.run.cancel(intent.reason(), intent.requestedBy());
                } else {
                    queue.remove(jobId).ifPresent(w -> {
                        ended("cancelled");
                        end(w.work(), events.cancelled(jobId, intent));
                    });
                    reportQueue();
                }
            }
            case PAUSE -> {
                if (running != null) {
                    running.run.pause();
                } else if (pausedWhileWaiting.add(jobId) && waitingHere(jobId)) {
                    // Held in the queue: its status says so (another executor's intent for it changes nothing).
                    publisher.event(events.paused(jobId));
                }
            }
            case RESUME -> {
                if (running != null) {
                    running.run.resume();
                } else if (pausedWhileWaiting.remove(jobId) && waitingHere(jobId)) {
                    publisher.event(events.resumed(jobId));
                    startWhatCan();
                }
            }
        }
    }

    private boolean waitingHere(String jobId) {
        return queue.order().contains(jobId);
    }

    /** This instance's load, for its heartbeat. */
    public synchronized ExecutorHeartbeat heartbeat() {
        return new ExecutorHeartbeat(executorId, events.now(), queue.capacity(), queue.runningCount(),
                queue.waitingCount(), queue.runningByType(), stopping);
    }

    /** Stops taking work, lets running jobs finish within the grace period, and hands the rest back. */
    void shutdown(@Observes ShutdownEvent event) {
        List<Active> running;
        synchronized (this) {
            stopping = true;
            queue.drain(); // unacknowledged: delivered again, to another instance
            running = List.copyOf(active.values());
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        List<Active> handedBack = new ArrayList<>();
        for (Active job : running) {
            if (!finishesBy(job, deadline - System.nanoTime())) {
                LOG.infof("Handing job %s back: it did not finish within the shutdown grace", job.jobId());
                job.run.cancel("executor shutting down; the job runs again elsewhere", executorId);
                handedBack.add(job);
            }
        }
        // Their processes get SIGKILL after the cancel grace, on the timers: wait for that before stopping them.
        long killed = System.nanoTime() + config.cancelGrace().plusSeconds(1).toNanos();
        handedBack.forEach(job -> finishesBy(job, killed - System.nanoTime()));
        scheduler.shutdownNow();
    }

    private static boolean finishesBy(Active job, long nanos) {
        try {
            job.outcome.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException notYet) {
            return false;
        }
    }

    /** Starts waiting jobs while limits allow. Called under the lock. */
    private void startWhatCan() {
        if (stopping) {
            return;
        }
        while (true) {
            var next = queue.next(concurrencyByType, pausedWhileWaiting::contains);
            if (next.isEmpty()) {
                break;
            }
            Waiting<Admitted> waiting = next.get();
            Active job = new Active(waiting.work(), templates.require(waiting.type()));
            active.put(waiting.jobId(), job);
            startAttempt(job, tables.nextAttempt(waiting.jobId()), tables.checkpoint(waiting.jobId()));
        }
        if (queue.waitingCount() < config.maxWaiting()) {
            room.complete(null);
        }
        reportQueue();
    }

    /** Tells every waiting job whose place changed where it stands now. Called under the lock. */
    private void reportQueue() {
        positions.changes(queue.order()).forEach(place -> publisher.event(events.queued(place)));
    }

    /** Starts an attempt. Called under the lock. */
    private void startAttempt(Active job, int attempt, String checkpoint) {
        JobRequest request = job.admitted.request();
        ResolvedJob resolved = job.template.resolve(request.parameters(), checkpoint, request.timeoutMs(),
                request.maxAttempts());
        job.attempt = attempt;
        job.logs = new LogBuffer(job.jobId(), attempt, executorId, config.logBatchLines(), clock);
        job.run = new JobRun(resolved, job.jobId(), attempt, executorId, job, job.artifacts, runSettings,
                scheduler, clock);
        job.outcome = job.run.start();
        attemptsStarted.increment();
        job.outcome.thenAccept(outcome -> ended(job, resolved, outcome));
    }

    private void ended(Active job, ResolvedJob resolved, RunOutcome outcome) {
        job.flushLogs();
        synchronized (this) {
            var decision = AttemptDecision.after(job.attempt, outcome, resolved.retry(), tables.intent(job.jobId()),
                    stopping, ThreadLocalRandom.current()::nextDouble);
            switch (decision) {
                case AttemptDecision.HandBack handBack -> active.remove(job.jobId());
                case AttemptDecision.Retry retry -> {
                    publisher.event(events.retryScheduled(job.jobId(), retry));
                    scheduler.schedule(() -> retry(job, retry), retry.delay().toMillis(), TimeUnit.MILLISECONDS);
                }
                case AttemptDecision.End end -> endStarted(job, end.outcome());
            }
        }
    }

    /** The backoff is over: the next attempt starts, unless the job was cancelled meanwhile. */
    private synchronized void retry(Active job, AttemptDecision.Retry retry) {
        AttemptDecision.cancelRequested(tables.intent(job.jobId()), retry.checkpoint()).ifPresentOrElse(
                cancelled -> endStarted(job, cancelled),
                () -> startAttempt(job, retry.attempt(), retry.checkpointOr(tables.checkpoint(job.jobId()))));
    }

    /** Ends a job that had started, frees its slot and starts what can. Called under the lock. */
    private void endStarted(Active job, RunOutcome outcome) {
        ended(switch (outcome) {
            case RunOutcome.Succeeded s -> "succeeded";
            case RunOutcome.Failed f -> "failed";
            case RunOutcome.Cancelled c -> "cancelled";
            case RunOutcome.TimedOut t -> "timed_out";
        });
        active.remove(job.jobId());
        queue.finished(job.template.type());
        end(job.admitted, events.terminal(job.jobId(), job.attempt, outcome));
        startWhatCan();
    }

    /** Counts a job this instance ended, by how it ended. */
    private void ended(String outcome) {
        jobsEnded(outcome).increment();
    }

    private Counter jobsEnded(String outcome) {
        return metrics.counter("headway.executor.jobs.ended", "outcome", outcome);
    }

    /** Sends the terminal event, then acknowledges the request. */
    private CompletionStage<Void> end(Admitted admitted, ProgressEvent terminal) {
        return publisher.event(terminal).thenCompose(sent -> admitted.message().ack());
    }

    private void flushLogs() {
        List<Active> running;
        synchronized (this) {
            running = List.copyOf(active.values());
        }
        running.forEach(Active::flushLogs);
    }
}
