package io.headway.executor.supervisor;

import io.headway.artifacts.ArtifactIntake;
import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.JobRequest;
import io.headway.events.LogLine;
import io.headway.events.ProgressEvent;
import io.headway.events.state.JobState;
import io.headway.executor.config.ExecutorConfig;
import io.headway.executor.domain.AttemptDecision;
import io.headway.executor.domain.LogBuffer;
import io.headway.executor.domain.QueuePositions;
import io.headway.executor.domain.WorkQueue;
import io.headway.executor.domain.WorkQueue.Waiting;
import io.headway.executor.producer.EventPublisher;
import io.headway.executor.producer.Handovers;
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
import org.jboss.logging.Logger;

/**
 * Runs the jobs this executor instance takes: claims each request it is handed (its {@code JobQueued} naming this
 * executor is in the job's log before the request is accepted), holds them in a {@link WorkQueue}, starts them as
 * limits allow, reports each run to Kafka, obeys control intents, and retries failed attempts after the template's
 * backoff from the last checkpoint. It asks for work only while it holds fewer jobs than its capacity
 * ({@link #room()}), so no request waits here while another instance is free. What it holds when it stops is handed
 * back to the shared queue ({@link Handovers}); what a dead instance held, the aggregator hands over.
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
    private final Handovers handovers;
    private final WorkQueue<Admitted> queue;
    private final QueuePositions positions = new QueuePositions();
    private final Map<String, Active> active = new HashMap<>();
    private final Set<String> pausedWhileWaiting = new HashSet<>();
    private final MeterRegistry metrics;
    private final Counter attemptsStarted;
    private CompletableFuture<Void> room = CompletableFuture.completedFuture(null);
    /** Requests whose claim is being written: they count against the capacity already. */
    private int claiming;
    private boolean stopping;

    public JobSupervisor(ExecutorConfig config, TemplateCatalog templates, EventPublisher publisher,
            Handovers handovers, JobTables tables, ArtifactIntake artifacts, Clock clock, MeterRegistry metrics) {
        this.config = config;
        this.handovers = handovers;
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
                .description("Jobs taken and waiting for a slot on this instance").register(metrics);
        this.attemptsStarted = Counter.builder("headway.executor.attempts.started")
                .description("Attempts started (a job's first, and each retry)").register(metrics);
        // Every outcome from the start, at zero: a dashboard shows "no failures", not "no data".
        List.of("succeeded", "failed", "cancelled", "timed_out", "rejected").forEach(this::jobsEnded);
    }

    /** A request taken in. */
    record Admitted(JobRequest request) {
    }

    /** A job that has started: its current run, attempt and the attempt's log buffer. */
    private final class Active implements RunListener {
        final Admitted admitted;
        final JobTemplate template;
        final ArtifactKeeper artifacts;
        JobRun run;
        CompletableFuture<RunOutcome> outcome;
        int attempt;
        /** The next attempt, while the job waits for it. */
        AttemptDecision.Retry retry;
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
     * Completes when this instance has room for one more job: it holds (runs or keeps waiting) fewer than its
     * capacity. Only then does it ask the shared queue for a request.
     */
    public synchronized CompletionStage<Void> room() {
        return room;
    }

    /** Whether this instance has room for one more job now. */
    public synchronized boolean hasRoom() {
        return room.isDone();
    }

    /**
     * Takes a request handed to this instance. The stage completes once the request may be accepted: the job is
     * claimed (its {@code JobQueued} naming this executor is in Kafka, so a lost instance's jobs can be found and
     * handed over), or it needed no running (ended already, held by another executor, cancelled, not runnable here).
     * It fails if the claim could not be written; the job is then not run here, and the request goes back.
     */
    public CompletionStage<Void> take(JobRequest request) {
        String jobId = request.jobId();
        JobTemplate template;
        QueuePositions.Position place;
        synchronized (this) {
            if (active.containsKey(jobId) || waitingHere(jobId)) {
                return CompletableFuture.completedFuture(null); // a copy of a request this instance holds
            }
            var known = tables.job(jobId);
            if (known.filter(JobTables.Known::terminal).isPresent()) {
                LOG.debugf("Job %s has ended already; its request came again", jobId);
                return CompletableFuture.completedFuture(null);
            }
            String holder = known.map(JobTables.Known::holder).orElse(null);
            if (request.attempt() == null && holder != null && !holder.equals(executorId)) {
                // A copy of the submission's request: a handed-over one names its attempt, and is taken.
                LOG.infof("Job %s is held by executor %s; should that one be lost, the job is handed over", jobId,
                        holder);
                return CompletableFuture.completedFuture(null);
            }
            var cancel = tables.intent(jobId).filter(intent -> intent.action() == ControlAction.CANCEL);
            if (cancel.isPresent()) {
                ended("cancelled");
                return publisher.event(events.cancelled(jobId, cancel.get()));
            }
            try {
                template = templates.require(request.jobType());
                template.resolve(request.parameters(), null, request.timeoutMs(), request.maxAttempts());
            } catch (InvalidSubmissionException e) {
                ended("rejected");
                return publisher.event(events.rejected(jobId, e.getMessage()));
            }
            claiming++;
            updateRoom();
            int behind = queue.waitingCount() + 1;
            place = new QueuePositions.Position(jobId, behind, behind);
        }
        return publisher.event(events.queued(place))
                .whenComplete((claimed, failure) -> admit(request, template, place, failure == null));
    }

    /** The claim is written (or failed): the job joins the queue, or its room is freed. */
    private synchronized void admit(JobRequest request, JobTemplate template, QueuePositions.Position place,
            boolean claimed) {
        claiming--;
        String jobId = request.jobId();
        if (claimed) {
            positions.told(place);
            queue.add(jobId, template.type(), request.priority(), new Admitted(request));
            if (pausedWhileWaiting.contains(jobId)) {
                publisher.event(events.paused(jobId)); // paused before it came
            }
            startWhatCan();
        }
        updateRoom();
    }

    /**
     * Opens or closes the room for one more job: the jobs running, waiting to start and being claimed fill it, not
     * the ones paused before they started (they may wait for ever). Called under the lock.
     */
    private void updateRoom() {
        long waiting = queue.order().stream().filter(jobId -> !pausedWhileWaiting.contains(jobId)).count();
        boolean full = stopping || queue.runningCount() + waiting + claiming >= queue.capacity();
        if (full && room.isDone()) {
            room = new CompletableFuture<>();
        } else if (!full) {
            room.complete(null);
        }
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
                        publisher.event(events.cancelled(jobId, intent));
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
                    updateRoom();
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

    /**
     * Hands back, to the shared queue, the jobs an earlier run of this executor's id held and this one does not: it
     * was restarted under the same id (a container restarted in place), so no other executor thinks it lost them.
     */
    public void handOverLeftovers() {
        for (JobState job : tables.heldHere()) {
            synchronized (this) {
                if (active.containsKey(job.jobId()) || waitingHere(job.jobId())) {
                    continue;
                }
            }
            handovers.handOver(JobRequest.again(job, executorId), job.attempt() + 1,
                    "executor " + executorId + " restarted while holding the job");
        }
    }

    /**
     * Stops taking work, lets running jobs finish within the grace period, and hands the rest back to the shared
     * queue: the waiting ones, the ones waiting for their next attempt, and the running ones it had to cancel.
     */
    void shutdown(@Observes ShutdownEvent event) {
        List<Active> running;
        List<Waiting<Admitted>> waiting;
        synchronized (this) {
            stopping = true;
            updateRoom();
            waiting = queue.drain();
            running = List.copyOf(active.values());
        }
        for (Waiting<Admitted> job : waiting) {
            handovers.handOver(job.work().request(), nextAttempt(job.work().request()),
                    "executor " + executorId + " stopped before the job started");
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        List<Active> cancelled = new ArrayList<>();
        for (Active job : running) {
            if (!finishesBy(job, deadline - System.nanoTime())) {
                LOG.infof("Handing job %s back: it did not finish within the shutdown grace", job.jobId());
                job.run.cancel("executor shutting down; the job runs again elsewhere", executorId);
                cancelled.add(job);
            }
        }
        // Their processes get SIGKILL after the cancel grace, on the timers: wait for that before stopping them.
        long killed = System.nanoTime() + config.cancelGrace().plusSeconds(1).toNanos();
        cancelled.forEach(job -> finishesBy(job, killed - System.nanoTime()));
        scheduler.shutdownNow();
        List<Active> left;
        synchronized (this) {
            left = List.copyOf(active.values()); // cancelled and handed back, or waiting for their next attempt
        }
        for (Active job : left) {
            int next = job.retry != null ? job.retry.attempt() : job.attempt + 1;
            handovers.handOver(job.admitted.request(), next, "executor " + executorId + " stopped while the job "
                    + (job.retry != null ? "waited for its next attempt" : "ran"));
        }
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
            startAttempt(job, nextAttempt(waiting.work().request()), tables.checkpoint(waiting.jobId()));
        }
        updateRoom();
        reportQueue();
    }

    /**
     * The attempt a taken request runs: the one after the latest its job is known to have started, or the one it was
     * handed over for, if this instance's view of the job is behind.
     */
    private int nextAttempt(JobRequest request) {
        int known = tables.nextAttempt(request.jobId());
        return request.attempt() == null ? known : Math.max(known, request.attempt());
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
                case AttemptDecision.HandBack handBack -> { } // stays active: handed back by the shutdown
                case AttemptDecision.Retry retry -> {
                    job.retry = retry;
                    publisher.event(events.retryScheduled(job.jobId(), retry));
                    scheduler.schedule(() -> retry(job, retry), retry.delay().toMillis(), TimeUnit.MILLISECONDS);
                }
                case AttemptDecision.End end -> endStarted(job, end.outcome());
            }
        }
    }

    /** The backoff is over: the next attempt starts, unless the job was cancelled meanwhile. */
    private synchronized void retry(Active job, AttemptDecision.Retry retry) {
        if (stopping) {
            return; // handed back by the shutdown, with its next attempt
        }
        job.retry = null;
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
        publisher.event(events.terminal(job.jobId(), job.attempt, outcome));
        startWhatCan();
    }

    /** Counts a job this instance ended, by how it ended. */
    private void ended(String outcome) {
        jobsEnded(outcome).increment();
    }

    private Counter jobsEnded(String outcome) {
        return metrics.counter("headway.executor.jobs.ended", "outcome", outcome);
    }

    private void flushLogs() {
        List<Active> running;
        synchronized (this) {
            running = List.copyOf(active.values());
        }
        running.forEach(Active::flushLogs);
    }
}
