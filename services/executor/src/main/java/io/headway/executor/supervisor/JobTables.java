package io.headway.executor.supervisor;

import io.headway.events.ControlIntent;
import io.headway.events.JobSnapshot;
import io.headway.events.state.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this executor knows of every job from the two compacted topics it reads whole: the latest control intent
 * (cancel, pause, resume) and the latest snapshot's attempt, checkpoint and whether it has ended. Every instance keeps
 * its own copy, so any instance can tell whether a redelivered request is finished, or which attempt comes next.
 */
@ApplicationScoped
public class JobTables implements JobTableUpdates {

    /** What the executor needs of a job's snapshot. */
    public record Known(boolean terminal, int attempt, String checkpoint) {
    }

    private final Map<String, ControlIntent> intents = new ConcurrentHashMap<>();
    private final Map<String, Known> jobs = new ConcurrentHashMap<>();

    @Override
    public void intent(String jobId, ControlIntent intent) {
        if (intent == null) {
            intents.remove(jobId);
        } else {
            intents.put(jobId, intent);
        }
    }

    @Override
    public void snapshot(JobSnapshot snapshot) {
        JobState state = snapshot.state();
        jobs.put(snapshot.jobId(), new Known(state.status().isTerminal(), state.attempt(),
                state.checkpoint() == null ? null : state.checkpoint().value()));
    }

    public Optional<ControlIntent> intent(String jobId) {
        return Optional.ofNullable(intents.get(jobId));
    }

    public Optional<Known> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }
}
