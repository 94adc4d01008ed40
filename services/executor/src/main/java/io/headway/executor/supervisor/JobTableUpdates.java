package io.headway.executor.supervisor;

import io.headway.events.ControlIntent;
import io.headway.events.JobSnapshot;

/** How the table consumers update {@link JobTables}. */
public interface JobTableUpdates {

    /** The latest intent for a job; null when it was cleared (a tombstone). */
    void intent(String jobId, ControlIntent intent);

    void snapshot(JobSnapshot snapshot);
}
