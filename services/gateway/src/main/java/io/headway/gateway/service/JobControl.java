package io.headway.gateway.service;

import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.events.ControlRequested;
import io.headway.events.JobCancelled;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.producer.TransactionalPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Cancel, pause and resume. A request is written twice in one transaction: as the job's latest {@link ControlIntent}
 * on the compacted {@code job-control} topic, which every executor reads as a table (so a job cancelled while it
 * waits never starts), and as {@link ControlRequested} in its history. What then happens is the executor's to tell,
 * except for a cancel of a job no executor holds: its request waits in the shared queue until an executor has room,
 * which may be long, so the same transaction ends it ({@link JobCancelled}), and the executor that takes the request
 * later drops it.
 */
@ApplicationScoped
public class JobControl {

    private final JobAccess jobs;
    private final TransactionalPublisher publisher;
    private final GatewayConfig config;

    private final Clock clock;

    public JobControl(JobAccess jobs, TransactionalPublisher publisher, GatewayConfig config, Clock clock) {
        this.clock = clock;
        this.jobs = jobs;
        this.publisher = publisher;
        this.config = config;
    }

    public Uni<ControlIntent> request(Caller caller, String jobId, ControlAction action, String reason) {
        if (reason != null && reason.length() > 1024) {
            throw RequestError.badInput("reason must be at most 1024 characters");
        }
        return jobs.require(caller, jobId).chain(job -> {
            JobState state = job.snapshot().state();
            if (state.status().isTerminal()) {
                throw RequestError.conflict("job '" + jobId + "' is already " + state.status() + "; it cannot be "
                        + past(action));
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            ControlIntent intent = new ControlIntent(UUID.randomUUID(), jobId, caller.tenant(), action, reason,
                    caller.who(), now);
            ControlRequested event = new ControlRequested(UUID.randomUUID(), jobId, now, JobSubmissions.SOURCE,
                    action, reason, caller.who());
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(List.of(
                    WireType.JOB_CONTROL.record(config.topics().jobControl(), jobId, intent),
                    WireType.PROGRESS.record(config.topics().progress(), jobId, event)));
            if (action == ControlAction.CANCEL && waitsForAnyExecutor(state)) {
                records.add(WireType.PROGRESS.record(config.topics().progress(), jobId, new JobCancelled(
                        UUID.randomUUID(), jobId, now, JobSubmissions.SOURCE, reason, caller.who())));
            }
            return publisher.publish(records)
                    .onFailure().transform(failure -> RequestError.unavailable(
                            "the request could not be written to Kafka; retry"))
                    .replaceWith(intent);
        });
    }

    /** Whether the job is an executor's job that waits in the shared queue of requests, held by none. */
    private static boolean waitsForAnyExecutor(JobState state) {
        return !state.external() && state.holder() == null && (state.status() == JobStatus.QUEUED
                || state.status() == JobStatus.RETRYING || state.status() == JobStatus.PAUSED);
    }

    private static String past(ControlAction action) {
        return switch (action) {
            case CANCEL -> "cancelled";
            case PAUSE -> "paused";
            case RESUME -> "resumed";
        };
    }
}
