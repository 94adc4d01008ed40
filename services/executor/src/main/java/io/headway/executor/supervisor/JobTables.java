package io.headway.executor.supervisor;

import io.headway.events.ControlIntent;
import io.headway.events.JobSnapshot;
import io.headway.events.state.JobState;
import io.headway.executor.config.ExecutorConfig;
import io.headway.executor.domain.BoundedTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this executor knows of every job from the two compacted topics it reads whole: the latest control intent
 * (cancel, pause, resume) and the latest snapshot's attempt, checkpoint and whether it has ended. Every instance keeps
 * its own copy, so any instance can tell whether a redelivered request is finished, or which attempt comes next.
 *
 * <p>The topics keep every job ever run, so each table holds at most {@link ExecutorConfig#tableSize()} jobs and
 * forgets ended jobs first ({@link BoundedTable}). Consumer threads write while the supervisor reads: each table is
 * guarded by its own lock.
 */
@ApplicationScoped
public class JobTables implements JobTableUpdates {

    /**
     * What the executor needs of a job's snapshot.
     *
     * @param holder the executor that holds the job ({@link JobState#holder()}), or null when none does
     */
    public record Known(boolean terminal, int attempt, String checkpoint, String holder) {
    }

    /** Intents of ended jobs are cleared by tombstones, so every intent counts as live and the oldest goes first. */
    private final BoundedTable<ControlIntent> intents;
    private final BoundedTable<Known> jobs;
    /** The states of the jobs held by this executor's id, by job: a few at a time. Guarded by {@link #jobs}. */
    private final Map<String, JobState> held = new HashMap<>();
    private final String executorId;

    @Inject
    public JobTables(ExecutorConfig config) {
        this(config.tableSize(), config.executorId());
    }

    /**
     * @param maxJobs    how many jobs each table holds at most
     * @param executorId this executor's id
     */
    public JobTables(int maxJobs, String executorId) {
        this.intents = new BoundedTable<>(maxJobs, intent -> false);
        this.jobs = new BoundedTable<>(maxJobs, Known::terminal);
        this.executorId = executorId;
    }

    @Override
    public void intent(String jobId, ControlIntent intent) {
        synchronized (intents) {
            if (intent == null) {
                intents.remove(jobId);
            } else {
                intents.put(jobId, intent);
            }
        }
    }

    @Override
    public void snapshot(JobSnapshot snapshot) {
        JobState state = snapshot.state();
        Known known = new Known(state.status().isTerminal(), state.attempt(),
                state.checkpoint() == null ? null : state.checkpoint().value(), state.holder());
        synchronized (jobs) {
            jobs.put(snapshot.jobId(), known);
            if (executorId.equals(known.holder())) {
                held.put(snapshot.jobId(), state);
            } else {
                held.remove(snapshot.jobId());
            }
        }
    }

    /**
     * The jobs whose latest snapshot names this executor (its id) as their holder: after a restart under the same id,
     * the ones it does not run are an earlier run's, and must be handed over.
     */
    public List<JobState> heldHere() {
        synchronized (jobs) {
            return List.copyOf(held.values());
        }
    }

    public Optional<ControlIntent> intent(String jobId) {
        synchronized (intents) {
            return intents.get(jobId);
        }
    }

    public Optional<Known> job(String jobId) {
        synchronized (jobs) {
            return jobs.get(jobId);
        }
    }

    /** The number of a job's next attempt here: 1, unless an earlier attempt of it ran somewhere. */
    public int nextAttempt(String jobId) {
        return job(jobId).map(known -> known.attempt() + 1).orElse(1);
    }

    /** The latest checkpoint the job is known for, or null. */
    public String checkpoint(String jobId) {
        return job(jobId).map(Known::checkpoint).orElse(null);
    }
}
