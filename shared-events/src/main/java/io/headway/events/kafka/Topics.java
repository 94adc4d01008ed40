package io.headway.events.kafka;

import java.util.List;

/**
 * The default topic names of DESIGN.md. Services take the actual names from configuration with these as defaults;
 * tests and the local stack use the same constants.
 */
public final class Topics {

    /** Every {@code ProgressEvent}; delete, 7 days. */
    public static final String PROGRESS = "headway.progress";
    /** {@code LogBatch} records; delete, 2 days. */
    public static final String LOGS = "headway.logs";
    /** {@code JobRequest} work items, shared by the executor group; delete, 7 days. */
    public static final String JOB_REQUESTS = "headway.job-requests";
    /** The latest {@code ControlIntent} per job; compacted. */
    public static final String JOB_CONTROL = "headway.job-control";
    /** The latest {@code JobSnapshot} per job; compacted. */
    public static final String JOB_STATE = "headway.job-state";
    /** {@code Alert}s raised and resolved; delete, 7 days. */
    public static final String ALERTS = "headway.alerts";
    /** The latest {@code ExecutorHeartbeat} per executor; compacted. */
    public static final String EXECUTORS = "headway.executors";

    /** All of the above, in the order of DESIGN.md. */
    public static final List<String> ALL = List.of(PROGRESS, LOGS, JOB_REQUESTS, JOB_CONTROL, JOB_STATE, ALERTS,
            EXECUTORS);

    private Topics() {
    }

    /** Where records of {@code topic} that no one can read go, with the reason in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
