package io.headway.livestore;



/**
 * The Redis key layout of Headway's live state: written by the aggregator, read by the gateway. Braces are Redis
 * Cluster hash tags: all of one job's keys share a slot, and so do all of one tenant's.
 *
 * <p>Every key has a TTL: refreshed while its job is active, set to the retention once the job is terminal. Redis is a
 * cache of the history in PostgreSQL; the aggregator rebuilds it when it finds it empty.
 */
public final class LiveKeys {

    /** Present while Redis holds the live state; its absence tells the aggregator to rebuild. */
    public static final String READY = "headway:live:ready";

    /** The set of executor ids that sent a heartbeat recently. */
    public static final String EXECUTORS = "headway:executors";

    /** What every tenant's {@link #snapshots} channel starts with; the tenant follows it. */
    public static final String SNAPSHOTS = "headway:live:snapshots:";

    private LiveKeys() {
    }

    /** String: the job's {@code JobSnapshot} JSON. */
    public static String snapshot(String jobId) {
        return "headway:job:{" + jobId + "}:snapshot";
    }

    /**
     * Sorted set: the job's recent log lines as {@code LogLine} JSON with its attempt, scored by {@link #logScore}, so
     * a reader can ask for the lines after the last one it has.
     */
    public static String logs(String jobId) {
        return "headway:job:{" + jobId + "}:logs";
    }

    /** Orders log lines across attempts: attempt 2's first line comes after attempt 1's last. */
    public static double logScore(int attempt, long sequence) {
        return attempt * 1e12 + sequence;
    }

    /** Set: the ids of the tenant's jobs that are not terminal. */
    public static String activeJobs(String tenant) {
        return "headway:tenant:{" + tenant + "}:active";
    }

    /** String: the tenant's {@link QueueCounts} JSON. */
    public static String queueCounts(String tenant) {
        return "headway:tenant:{" + tenant + "}:queue";
    }

    /** String: the {@link BatchProgress} JSON of one of the tenant's batches. */
    public static String batch(String tenant, String batchId) {
        return "headway:tenant:{" + tenant + "}:batch:" + batchId;
    }

    /**
     * Pub/sub channel: every snapshot of the tenant's jobs as the aggregator folds it, the same JSON as on
     * {@code headway.job-state}. Gateways take it as a head start on the topic, which stays the durable record: a
     * message missed here still comes from there (docs/architecture.md, "The live path").
     */
    public static String snapshots(String tenant) {
        return SNAPSHOTS + tenant;
    }

    /** String: the executor's latest {@code ExecutorHeartbeat} JSON. */
    public static String executor(String executorId) {
        return "headway:executor:" + executorId;
    }

    /** String: the id of the API key a live-stream ticket was issued for, until it is redeemed or expires. */
    public static String streamTicket(String ticket) {
        return "headway:stream-ticket:" + ticket;
    }

    /** String: the next log line sequence of an external job reporting its logs over HTTP. */
    public static String reportedLogSequence(String jobId) {
        return "headway:job:{" + jobId + "}:reported-log-sequence";
    }
}
