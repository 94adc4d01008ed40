package io.headway.events;

import java.time.Instant;
import java.util.Map;

/**
 * An executor instance's load, keyed by executor id on the compacted {@code headway.executors} topic.
 *
 * @param capacity      how many jobs it runs at once
 * @param running       jobs running now
 * @param waiting       jobs it holds that have not started
 * @param runningByType running jobs per job type
 * @param draining      true while it shuts down and takes no new work
 */
public record ExecutorHeartbeat(
        String executorId, Instant at, int capacity, int running, int waiting, Map<String, Integer> runningByType,
        boolean draining) {

    public ExecutorHeartbeat {
        Require.text(executorId, "executorId");
        Require.present(at, "at");
        runningByType = Require.map(runningByType);
    }
}
