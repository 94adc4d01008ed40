package io.headway.events.kafka;

import io.headway.events.JobRequest;
import io.headway.events.RetryScheduled;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands a job back to the shared queue of requests, for whichever executor is free: its next attempt, scheduled with
 * no executor named (so its state no longer names a holder), and its request again. The two records go in one Kafka
 * transaction: a job is never shown waiting for an executor without a request any executor can take, nor taken again
 * while its state still names the holder it had.
 *
 * <p>Executors hand back what they hold when they stop; the aggregator hands back the jobs of an executor that was
 * lost ({@code docs/architecture.md}, "Sharing work").
 */
public final class Handover {

    private Handover() {
    }

    /**
     * The records that hand {@code request}'s job over.
     *
     * @param nextAttempt the attempt the next executor runs (one more than the attempt the job last started)
     * @param cause       why, in words for people: it is the retry's cause
     * @param source      who hands it over
     */
    public static List<ProducerRecord<String, byte[]>> records(JobRequest request, int nextAttempt, String cause,
            String source, Instant now, String progressTopic, String requestsTopic) {
        String jobId = request.jobId();
        RetryScheduled next = new RetryScheduled(UUID.randomUUID(), jobId, now, source, nextAttempt, 0, cause, null);
        return List.of(WireType.PROGRESS.record(progressTopic, jobId, next),
                WireType.JOB_REQUESTS.record(requestsTopic, jobId, request.handedOver(nextAttempt)));
    }
}
