package io.headway.aggregator.alert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.headway.aggregator.config.AggregatorConfig;
import io.headway.aggregator.config.AlertsConfig;
import io.headway.aggregator.domain.JobFold;
import io.headway.aggregator.monitor.ExecutorFailover;
import io.headway.aggregator.producer.AlertPublisher;
import io.headway.aggregator.store.AlertStore;
import io.headway.events.Alert;
import io.headway.events.AlertState;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.state.JobState;
import io.headway.history.JobHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SequencedSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Watches the jobs of the partitions this instance folds, and raises, updates and resolves their alerts: the
 * adapter around the pure {@link AlertRules} and each job's {@link JobAlerts}.
 *
 * <p>A job is looked at each time a batch changes it (so a failure or a crossed threshold is raised at once) and
 * every {@code check-interval} (for what time alone brings: a stall, a job falling behind). All of it happens on one
 * thread of its own, never on the folding path: folding only hands over the states it published. Changes are
 * recorded in history (with their deliveries, in one transaction) and then published on {@code headway.alerts}, in
 * order; while PostgreSQL is unreachable they wait and are retried.
 *
 * <p>After a start or a rebalance it reads its partitions' active jobs and their open alerts from history, so an
 * alert raised by an earlier instance is updated and resolved here rather than raised twice.
 */
@ApplicationScoped
public class JobMonitor {

    private static final Logger LOG = Logger.getLogger(JobMonitor.class);
    private static final int MAX_BASELINE_LOADS = 2;
    /** About ten minutes of PostgreSQL being away, at the backoff's 30 s at most, before changes are given up. */
    private static final int RECORD_TRIES = 25;
    /**
     * Folded batches wait this long to be looked at together: waking the monitor's thread for every batch (one or
     * two events each at a few hundred events a second) cost more than the look itself (bench pipeline).
     */
    private static final Duration LOOK_AFTER = Duration.ofMillis(20);

    private final AlertStore store;
    private final JobHistory history;
    private final AlertPublisher publisher;
    private final AlertsConfig config;
    private final AlertRules rules;
    private final Duration executorTtl;
    private final ExecutorFailover failover;
    private final Duration failoverAfter;
    private final Clock clock;
    /** Work handed over after shutdown began (a last batch, a rebalance) is dropped: nothing is left to watch. */
    private final ScheduledExecutorService thread = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("alert-monitor").daemon().factory(), new ThreadPoolExecutor.DiscardPolicy());

    /** Batches folded and not yet looked at, and whether a look at them is scheduled. */
    private final Queue<Folded> toLook = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean lookScheduled = new AtomicBoolean();

    // Touched on the monitor's thread only.
    private final Map<String, Watched> watched = new HashMap<>();
    private final Map<String, Instant> heartbeats = new HashMap<>();
    private final Cache<BaselineKey, Learnt> baselines = Caffeine.newBuilder().maximumSize(10_000)
            .executor(Runnable::run).build();
    private final SequencedSet<BaselineKey> toLearn = new LinkedHashSet<>();
    private final Set<BaselineKey> learning = new HashSet<>();
    private List<ThresholdRule> thresholdRules = List.of();
    private Instant rulesReadAt = Instant.EPOCH;
    /** Until when running jobs are not judged: folding was reading records written long ago (a backlog). */
    private Instant catchingUpUntil = Instant.EPOCH;
    /** When this instance began to listen to heartbeats. */
    private final Instant listeningSince;
    private long generation;
    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

    private final Counter looks;
    private final Counter changes;
    private final Timer checks;

    private static final class Watched {
        JobState state;
        final JobAlerts alerts;

        Watched(JobState state, Duration updateEvery) {
            this.state = state;
            this.alerts = new JobAlerts(state.jobId(), updateEvery);
        }
    }

    private record BaselineKey(String tenant, String jobType, Map<String, String> parameters) {
    }

    private record Learnt(Baseline baseline, Instant at) {
    }

    /** The alert changes one look at some jobs found, with the types of their jobs (history searches by type). */
    private static final class Found {
        final List<Alert> alerts = new ArrayList<>();
        final Map<String, String> jobTypes = new HashMap<>();

        void add(JobState job, List<Alert> changes) {
            if (!changes.isEmpty()) {
                alerts.addAll(changes);
                jobTypes.put(job.jobId(), job.jobType());
            }
        }
    }

    public JobMonitor(AlertStore store, JobHistory history, AlertPublisher publisher, AlertsConfig config,
            AggregatorConfig aggregator, ExecutorFailover failover, MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        this.listeningSince = clock.instant();
        this.failover = failover;
        this.failoverAfter = aggregator.failoverAfter();
        this.store = store;
        this.history = history;
        this.publisher = publisher;
        this.config = config;
        this.rules = new AlertRules(config.settings());
        this.executorTtl = aggregator.executorTtl();
        this.looks = Counter.builder("headway.aggregator.alerts.looks")
                .description("Jobs looked at for alert conditions").register(metrics);
        this.changes = Counter.builder("headway.aggregator.alerts.changes")
                .description("Alerts raised, updated or resolved").register(metrics);
        this.checks = Timer.builder("headway.aggregator.alerts.check")
                .description("Time to look at every watched job once").register(metrics);
        Gauge.builder("headway.aggregator.alerts.watched", watched, Map::size)
                .description("Active jobs watched for alerts").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        long every = config.checkInterval().toMillis();
        thread.scheduleWithFixedDelay(guarded("checking the watched jobs", this::checkAll), every, every,
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    /**
     * The jobs a batch changed: looked at at once, off the folding thread. How a job ended raises an alert only from
     * the fold that ended it, never from a replay or a late event of a job long over.
     *
     * @param appended when the newest record of the batch was written to Kafka: long ago means a backlog
     */
    public void folded(List<JobFold> changed, Instant appended) {
        if (changed.isEmpty()) {
            return;
        }
        toLook.add(new Folded(changed, appended));
        if (lookScheduled.compareAndSet(false, true)) {
            thread.schedule(guarded("looking at folded jobs", this::lookAtFolded), LOOK_AFTER.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    private record Folded(List<JobFold> changed, Instant appended) {
    }

    private void lookAtFolded() {
        lookScheduled.set(false);
        Instant now = clock.instant();
        Found found = new Found();
        for (Folded batch = toLook.poll(); batch != null; batch = toLook.poll()) {
            if (batch.appended().isBefore(now.minus(config.catchUpLag()))) {
                catchingUpUntil = now.plus(config.checkInterval().multipliedBy(2));
            }
            batch.changed().forEach(fold -> look(fold.job().state(), fold.ended(), now, found));
        }
        record(found);
    }

    /** An executor's heartbeat: a running job whose executor stops beating is stalled. */
    public void heartbeat(ExecutorHeartbeat heartbeat) {
        thread.execute(() -> {
            Instant now = clock.instant();
            heartbeats.put(heartbeat.executorId(), heartbeat.at().isBefore(now) ? heartbeat.at() : now);
        });
    }

    /** This instance's partitions changed: watch the active jobs of the ones it has now. */
    public void partitionsChanged(Set<Integer> owned) {
        thread.execute(() -> {
            // What was folded before the change is looked at before it, as it came.
            guarded("looking at folded jobs", this::lookAtFolded).run();
            generation++;
            watched.clear();
            if (!owned.isEmpty()) {
                load(owned, generation);
            }
        });
    }

    private void load(Set<Integer> owned, long loading) {
        history.activeJobs(owned)
                .chain(jobs -> store.openAlerts(jobs.stream().map(JobState::jobId).toList())
                        .map(open -> Map.entry(jobs, open)))
                .subscribe().with(loaded -> thread.execute(() -> adopt(loaded.getKey(), loaded.getValue(), loading)),
                        failure -> {
                            LOG.warnf("Could not read the active jobs to watch for alerts (trying again): %s",
                                    failure.toString());
                            thread.schedule(() -> {
                                if (loading == generation) {
                                    load(owned, loading);
                                }
                            }, 1, TimeUnit.SECONDS);
                        });
    }

    private void adopt(List<JobState> jobs, List<Alert> open, long loaded) {
        if (loaded != generation) {
            return; // the partitions moved again meanwhile
        }
        for (JobState job : jobs) {
            Watched known = watched.get(job.jobId());
            if (job.tenant() != null && (known == null || known.state.eventCount() < job.eventCount())) {
                watched.put(job.jobId(), new Watched(job, config.updateEvery()));
            }
        }
        for (Alert alert : open) {
            Watched job = watched.get(alert.jobId());
            if (job != null && !job.alerts.isOpen(Condition.keyOf(alert))) {
                job.alerts.adopt(Condition.keyOf(alert), alert);
            }
        }
        LOG.infof("Watching %d active jobs for alerts, %d of them with open alerts", jobs.size(), open.size());
    }

    private void checkAll() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        refreshRules(now);
        Found found = new Found();
        for (Watched job : List.copyOf(watched.values())) {
            look(job.state, false, now, found);
        }
        record(found);
        failOver(now);
        checks.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** A task for the monitor's thread that logs what it throws (an executor would swallow it silently). */
    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Alerts: %s failed; the next look tries again", what);
            }
        };
    }

    private void look(JobState state, boolean endedNow, Instant now, Found found) {
        if (state.tenant() == null) {
            return;
        }
        looks.increment();
        Watched job = watched.get(state.jobId());
        if (job != null && job.state.eventCount() > state.eventCount()) {
            return; // history's copy, older than what a batch brought meanwhile
        }
        if (state.status().isTerminal()) {
            JobAlerts alerts = job != null ? job.alerts : new JobAlerts(state.jobId(), config.updateEvery());
            found.add(state, alerts.end(state, endedNow ? rules.outcome(state) : List.of(), now));
            watched.remove(state.jobId());
            failover.forget(state.jobId());
            return;
        }
        if (job == null) {
            job = new Watched(state, config.updateEvery());
            watched.put(state.jobId(), job);
        }
        job.state = state;
        if (now.isBefore(catchingUpUntil)) {
            return; // a backlog is being read: the job's newer events may still be unread, so it is judged after
        }
        Baseline baseline = baseline(state, now);
        if (baseline == null) {
            return; // judged once what its type usually does is known: a guess now would raise and resolve at random
        }
        JobAlerts alerts = job.alerts;
        List<Condition> holding = rules.conditions(state, now, baseline, thresholdRules,
                executorSilence(state, now), alerts::isOpen);
        found.add(state, alerts.look(state, holding, now));
    }

    /**
     * Hands the jobs whose holder went silent to another executor ({@link ExecutorFailover}). Not while a backlog is
     * read (the jobs' newer events may have moved them on), nor before this instance has listened to heartbeats for
     * {@code failover-after}: until then the latest heartbeat it has of a live executor may be an old one. A holder it
     * has no heartbeat of at all never was an executor that beats (the compacted topic keeps every executor's latest),
     * and is left alone.
     */
    private void failOver(Instant now) {
        if (now.isBefore(catchingUpUntil) || now.isBefore(listeningSince.plus(failoverAfter))) {
            return;
        }
        for (Watched job : watched.values()) {
            String holder = job.state.holder();
            Duration silent = silentBeyond(holder, failoverAfter, now);
            if (silent != null) {
                failover.handOver(job.state, holder, silent);
            } else {
                failover.forget(job.state.jobId());
            }
        }
    }

    private Duration executorSilence(JobState job, Instant now) {
        return silentBeyond(job.executorId(), executorTtl, now);
    }

    /**
     * How long the executor has sent no heartbeat, if longer than {@code limit}; else null, and null for an executor
     * never heard of (this instance may just have started, or it never was one that beats).
     */
    private Duration silentBeyond(String executorId, Duration limit, Instant now) {
        Instant last = executorId == null ? null : heartbeats.get(executorId);
        if (last == null) {
            return null;
        }
        Duration silent = Duration.between(last, now);
        return silent.compareTo(limit) > 0 ? silent : null;
    }

    /** What the job's type usually does; null until it has been learnt once. */
    private Baseline baseline(JobState job, Instant now) {
        if (job.jobType() == null) {
            return Baseline.NONE;
        }
        BaselineKey key = new BaselineKey(job.tenant(), job.jobType(), job.parameters());
        Learnt learnt = baselines.getIfPresent(key);
        if ((learnt == null || now.isAfter(learnt.at().plus(config.baselineRefresh()))) && !learning.contains(key)) {
            toLearn.add(key);
            learnNext();
        }
        return learnt == null ? null : learnt.baseline();
    }

    /** Learns the baselines asked for, first asked first, a few at a time: none waits behind the others for ever. */
    private void learnNext() {
        while (learning.size() < MAX_BASELINE_LOADS && !toLearn.isEmpty()) {
            BaselineKey key = toLearn.removeFirst();
            learning.add(key);
            store.baseline(key.tenant(), key.jobType(), key.parameters(), config.historyDepth(), config.minHistory())
                    .subscribe().with(
                            baseline -> thread.execute(() -> learnt(key, baseline)),
                            failure -> thread.execute(() -> {
                                LOG.warnf("Could not learn what %s jobs usually do (judging them by the defaults "
                                        + "until the next try): %s", key.jobType(), failure);
                                Learnt before = baselines.getIfPresent(key);
                                learnt(key, before != null ? before.baseline() : Baseline.NONE);
                            }));
        }
    }

    private void learnt(BaselineKey key, Baseline baseline) {
        learning.remove(key);
        baselines.put(key, new Learnt(baseline, clock.instant()));
        learnNext();
    }

    private void refreshRules(Instant now) {
        if (now.isBefore(rulesReadAt.plus(config.rulesRefresh()))) {
            return;
        }
        rulesReadAt = now;
        store.rules().subscribe().with(read -> thread.execute(() -> thresholdRules = read),
                failure -> LOG.warnf("Could not read the alert rules (keeping the last ones): %s", failure));
    }

    /** Records the changes in history, then publishes them; in order, after every earlier change. */
    private void record(Found found) {
        if (found.alerts.isEmpty()) {
            return;
        }
        List<Alert> alerts = List.copyOf(found.alerts);
        changes.increment(alerts.size());
        alerts.forEach(alert -> LOG.logf(alert.state() == AlertState.UPDATED ? Logger.Level.DEBUG : Logger.Level.INFO,
                "Alert %s %s for job %s (%s): %s", alert.kind(), alert.state(), alert.jobId(), alert.tenant(),
                alert.message()));
        writes = writes.thenCompose(ignored -> stored(alerts, found.jobTypes))
                .thenCompose(ignored -> publish(alerts))
                .exceptionally(failure -> {
                    LOG.errorf(failure, "%d alert changes were not recorded", alerts.size());
                    return null;
                });
    }

    private CompletionStage<Void> stored(List<Alert> found, Map<String, String> jobTypes) {
        return store.record(found, jobTypes)
                .onFailure().invoke(failure -> LOG.warnf("Could not record %d alert changes (retrying): %s",
                        found.size(), failure.toString()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(RECORD_TRIES)
                .subscribeAsCompletionStage();
    }

    private CompletionStage<Void> publish(Collection<Alert> found) {
        return publisher.publish(List.copyOf(found)).exceptionally(failure -> {
            LOG.warnf("Could not publish %d alert changes (history has them): %s", found.size(), failure.toString());
            return null;
        });
    }
}
