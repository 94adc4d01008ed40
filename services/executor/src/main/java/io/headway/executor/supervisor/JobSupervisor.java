package io.headway.executor.supervisor;

import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobPaused;
import io.headway.events.JobQueued;
import io.headway.events.JobRequest;
import io.headway.events.JobResumed;
import io.headway.events.JobSucceeded;
import io.headway.events.JobTimedOut;
import io.headway.events.LogBatch;
import io.headway.events.LogLine;
import io.headway.events.ProgressEvent;
import io.headway.events.RetryScheduled;
import io.headway.executor.config.ExecutorConfig;
import io.headway.executor.domain.WorkQueue;
import io.headway.executor.domain.WorkQueue.Waiting;
import io.headway.executor.producer.EventPublisher;
import io.headway.executor.run.JobRun;
import io.headway.executor.run.RunListener;
import io.headway.executor.run.RunOutcome;
import io.headway.templates.InvalidSubmissionException;
import io.headway.templates.JobTemplate;
import io.headway.templates.ResolvedJob;
import io.headway.templates.TemplateCatalog;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Runs the jobs this executor instance takes: holds the requests it admitted in a {@link WorkQueue}, starts them as
 * limits allow, reports each run to Kafka, obeys control intents, retries failed attempts after the template's backoff
 * from the last checkpoint, and acknowledges a request only when its job has ended, so that the requests of an
 * instance that dies are delivered to another and run there as the next attempt.
 *
 * <p>All state is guarded by this object's lock; runs report from their own threads.
 */
@ApplicationScoped
public class JobSupervisor {

    private static final Logger LOG = Logger.getLogger(JobSupervisor.class);

    private final ExecutorConfig config;
    private final TemplateCatalog templates;
    /** Each job type's concurrency limit; templates do not change while the executor runs. */
    private final Map<String, Integer> concurrencyByType;
    private final EventPublisher publisher;
    private final JobTables tables;
    private final String executorId;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("job-timers-", 0).daemon().factory());
    private final WorkQueue<Admitted> queue;
    private final Map<String, Active> active = new HashMap<>();
    private final Set<String> pausedWhileWaiting = new HashSet<>();
    private final Map<String, Integer> reportedPositions = new HashMap<>();
    private final Clock clock = Clock.systemUTC();
    private CompletableFuture<Void> room = CompletableFuture.completedFuture(null);
    private boolean stopping;

    public JobSupervisor(ExecutorConfig config, EventPublisher publisher, JobTables tables) {
        this.config = config;
        this.publisher = publisher;
        this.tables = tables;
        this.executorId = config.executorId();
        this.queue = new WorkQueue<>(config.capacity());
        try {
            this.templates = TemplateCatalog.load(Files.createTempDirectory("headway-templates-"),
                    config.templatesDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.concurrencyByType = new HashMap<>();
        templates.types().forEach(type -> concurrencyByType.put(type, templates.require(type).concurrency()));
        scheduler.scheduleAtFixedRate(this::flushLogs, config.logBatchInterval().toMillis(),
                config.logBatchInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A request taken in, with the message to acknowledge when its job ends. */
    record Admitted(JobRequest request, Message<?> message) {
    }

    /** A job that has started: its current run, attempt and log buffer. */
    private final class Active implements RunListener {
        final Admitted admitted;
        final JobTemplate template;
        final List<LogLine> buffered = new ArrayList<>();
        JobRun run;
        CompletableFuture<RunOutcome> outcome;
        int attempt;

        Active(Admitted admitted, JobTemplate template) {
            this.admitted = admitted;
            this.template = template;
        }

        @Override
        public void event(ProgressEvent event) {
            publisher.event(event);
        }

        @Override
        public void log(LogLine line) {
            List<LogLine> full = null;
            synchronized (buffered) {
                buffered.add(line);
                if (buffered.size() >= config.logBatchLines()) {
                    full = takeLines();
                }
            }
            if (full != null) {
                publisher.logs(batch(full));
            }
        }

        List<LogLine> takeLines() {
            synchronized (buffered) {
                List<LogLine> lines = List.copyOf(buffered);
                buffered.clear();
                return lines;
            }
        }

        LogBatch batch(List<LogLine> lines) {
            return new LogBatch(UUID.randomUUID(), admitted.request().jobId(), attempt, executorId, now(), lines);
        }
    }

    /**
     * Takes a request in. The Uni completes once there is room for another one, so the instance never pulls more
     * work than it can start soon.
     */
    public Uni<Void> admit(JobRequest request, Message<?> message) {
        String jobId = request.jobId();
        CompletionStage<Void> wait;
        synchronized (this) {
            var known = tables.job(jobId);
            if (known.isPresent() && known.get().terminal()) {
                LOG.debugf("Job %s has ended already; its request was delivered again", jobId);
                return Uni.createFrom().completionStage(message.ack());
            }
            var intent = tables.intent(jobId);
            if (intent.isPresent() && intent.get().action() == ControlAction.CANCEL) {
                return Uni.createFrom().completionStage(end(new Admitted(request, message), cancelled(jobId,
                        intent.get())));
            }
            JobTemplate template;
            try {
                template = templates.require(request.jobType());
                template.resolve(request.parameters(), null, request.timeoutMs(), request.maxAttempts());
            } catch (InvalidSubmissionException e) {
                return Uni.createFrom().completionStage(end(new Admitted(request, message),
                        failed(jobId, "rejected: " + e.getMessage(), null, false)));
            }
            queue.add(jobId, template.type(), request.priority(), new Admitted(request, message));
            startWhatCan();
            if (pausedWhileWaiting.contains(jobId)) {
                publisher.event(new JobPaused(UUID.randomUUID(), jobId, now(), executorId)); // paused before it came
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
                    queue.remove(jobId).ifPresent(w -> end(w.work(), cancelled(jobId, intent)));
                    reportQueue();
                }
            }
            case PAUSE -> {
                if (running != null) {
                    running.run.pause();
                } else if (pausedWhileWaiting.add(jobId) && waitingHere(jobId)) {
                    // Held in the queue: its status says so (another executor's intent for it changes nothing).
                    publisher.event(new JobPaused(UUID.randomUUID(), jobId, now(), executorId));
                }
            }
            case RESUME -> {
                if (running != null) {
                    running.run.resume();
                } else if (pausedWhileWaiting.remove(jobId) && waitingHere(jobId)) {
                    publisher.event(new JobResumed(UUID.randomUUID(), jobId, now(), executorId));
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
        return new ExecutorHeartbeat(executorId, now(), queue.capacity(), queue.runningCount(),
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
                LOG.infof("Handing job %s back: it did not finish within the shutdown grace",
                        job.admitted.request().jobId());
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
            var known = tables.job(waiting.jobId());
            startAttempt(job, known.map(k -> k.attempt() + 1).orElse(1), known.map(k -> k.checkpoint()).orElse(null));
        }
        if (queue.waitingCount() < config.maxWaiting()) {
            room.complete(null);
        }
        reportQueue();
    }

    /** Tells every waiting job whose place changed where it stands now. Called under the lock. */
    private void reportQueue() {
        List<String> order = queue.order();
        reportedPositions.keySet().retainAll(order);
        for (int i = 0; i < order.size(); i++) {
            String jobId = order.get(i);
            int position = i + 1;
            Integer reported = reportedPositions.put(jobId, position);
            if (reported == null || reported != position) {
                publisher.event(new JobQueued(UUID.randomUUID(), jobId, now(), executorId, position, order.size(),
                        executorId));
            }
        }
    }

    /** Starts an attempt. Called under the lock. */
    private void startAttempt(Active job, int attempt, String checkpoint) {
        JobRequest request = job.admitted.request();
        ResolvedJob resolved = job.template.resolve(request.parameters(), checkpoint, request.timeoutMs(),
                request.maxAttempts());
        job.attempt = attempt;
        job.run = new JobRun(resolved, request.jobId(), attempt, executorId, job, new JobRun.Settings(
                config.progressInterval(), config.sampleInterval(), config.cancelGrace(), config.maxLineLength()),
                scheduler);
        job.outcome = job.run.start();
        job.outcome.thenAccept(outcome -> ended(job, resolved, outcome));
    }

    private void ended(Active job, ResolvedJob resolved, RunOutcome outcome) {
        String jobId = job.admitted.request().jobId();
        flush(job);
        synchronized (this) {
            if (stopping && outcome instanceof RunOutcome.Cancelled) {
                active.remove(jobId); // handed back: no terminal event, no acknowledgement
                return;
            }
            if (outcome instanceof RunOutcome.Failed failed && failed.retryable()
                    && resolved.retry().allowsAnotherAfter(job.attempt) && !stopping) {
                int next = job.attempt + 1;
                Duration delay = resolved.retry().delayBefore(next, ThreadLocalRandom.current()::nextDouble);
                String checkpoint = outcome.lastCheckpoint();
                publisher.event(new RetryScheduled(UUID.randomUUID(), jobId, now(), executorId, next,
                        delay.toMillis(), failed.error()));
                scheduler.schedule(() -> {
                    synchronized (this) {
                        startAttempt(job, next, checkpoint != null ? checkpoint
                                : tables.job(jobId).map(JobTables.Known::checkpoint).orElse(null));
                    }
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            active.remove(jobId);
            queue.finished(job.template.type());
            end(job.admitted, () -> switch (outcome) {
                case RunOutcome.Succeeded s -> new JobSucceeded(UUID.randomUUID(), jobId, now(), executorId,
                        "attempt " + job.attempt + " succeeded");
                // Retryable only while attempts are left: at the limit, another attempt is not coming.
                case RunOutcome.Failed f -> failed(jobId, f.error(), f.exitCode(),
                        f.retryable() && resolved.retry().allowsAnotherAfter(job.attempt)).get();
                case RunOutcome.Cancelled c -> new JobCancelled(UUID.randomUUID(), jobId, now(), executorId,
                        c.reason(), c.cancelledBy());
                case RunOutcome.TimedOut t -> new JobTimedOut(UUID.randomUUID(), jobId, now(), executorId,
                        t.timeoutMs());
            });
            startWhatCan();
        }
    }

    /** Sends the terminal event, then acknowledges the request. */
    private CompletionStage<Void> end(Admitted admitted, Supplier<ProgressEvent> terminal) {
        return publisher.event(terminal.get()).thenCompose(sent -> admitted.message().ack());
    }

    private Supplier<ProgressEvent> cancelled(String jobId, ControlIntent intent) {
        return () -> new JobCancelled(UUID.randomUUID(), jobId, now(), executorId, intent.reason(),
                intent.requestedBy());
    }

    private Supplier<ProgressEvent> failed(String jobId, String error, Integer exitCode, boolean retryable) {
        return () -> new JobFailed(UUID.randomUUID(), jobId, now(), executorId, error, exitCode, retryable);
    }

    private void flushLogs() {
        List<Active> running;
        synchronized (this) {
            running = List.copyOf(active.values());
        }
        running.forEach(this::flush);
    }

    private void flush(Active job) {
        List<LogLine> lines = job.takeLines();
        if (!lines.isEmpty()) {
            publisher.logs(job.batch(lines));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
