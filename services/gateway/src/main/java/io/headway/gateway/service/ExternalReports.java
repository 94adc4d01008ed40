package io.headway.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headway.artifacts.ArtifactIntake;
import io.headway.artifacts.ArtifactRefused;
import io.headway.artifacts.JobArtifacts;
import io.headway.artifacts.StoredArtifact;
import io.headway.events.ArtifactSaved;
import io.headway.events.CheckpointSaved;
import io.headway.events.EtaEstimated;
import io.headway.events.JobCancelled;
import io.headway.events.JobFailed;
import io.headway.events.JobStarted;
import io.headway.events.JobSucceeded;
import io.headway.events.LogBatch;
import io.headway.events.LogLevel;
import io.headway.events.LogLine;
import io.headway.events.LogStream;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.ResourceSampled;
import io.headway.events.StageCompleted;
import io.headway.events.StageStarted;
import io.headway.events.codec.EventDecodingException;
import io.headway.events.codec.EventSchemas;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.codec.ProgressEventCodec;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobBounds;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.events.state.JobStatus;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.ArtifactUpload;
import io.headway.gateway.domain.ReportedLogs;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.producer.TransactionalPublisher;
import io.headway.gateway.store.LiveStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Progress that an external job reports over HTTP. Each event is checked exactly as any record on
 * {@code headway.progress} is: against its kind's JSON Schema, then by the shared codec; the gateway fills in the
 * envelope (id, job, time, source) and accepts only the kinds a job reports about itself.
 */
@ApplicationScoped
public class ExternalReports {

    /** What a job may say about itself; submission, control and queueing come from the platform. */
    static final Set<Class<? extends ProgressEvent>> REPORTABLE = Set.of(JobStarted.class, StageStarted.class,
            ProgressReported.class, StageCompleted.class, ResourceSampled.class, CheckpointSaved.class,
            EtaEstimated.class, JobSucceeded.class, JobFailed.class, JobCancelled.class);
    static final int MAX_EVENTS = 500;
    static final int MAX_LINES = 5000;
    private static final Set<String> REPORTABLE_KINDS = REPORTABLE.stream().map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));
    private static final Duration LOG_SEQUENCE_TTL = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(ExternalReports.class);

    private final JobAccess jobs;
    private final TransactionalPublisher publisher;
    private final LiveStore live;
    private final GatewayConfig config;
    private final ObjectMapper json = HeadwayJson.mapper();
    private final ProgressEventCodec codec = new ProgressEventCodec();

    private final ArtifactIntake artifacts;
    private final Clock clock;

    public ExternalReports(JobAccess jobs, TransactionalPublisher publisher, LiveStore live, GatewayConfig config,
            ArtifactIntake artifacts, Clock clock) {
        this.artifacts = artifacts;
        this.clock = clock;
        this.jobs = jobs;
        this.publisher = publisher;
        this.live = live;
        this.config = config;
    }

    /**
     * Checks and publishes events, all or none.
     *
     * @param body one event object or an array of them
     */
    /**
     * What a report recorded, and the control request waiting for the job (cancel or pause, asked over the API):
     * code outside the platform learns from the answer to its next report that it should stop or pause.
     */
    public record Reported(List<ProgressEvent> events, JobState.ControlRequest control) {
    }

    public Uni<Reported> report(Caller caller, String jobId, JsonNode body) {
        List<ProgressEvent> events = decode(caller, jobId, body);
        for (int i = 0; i < events.size() - 1; i++) {
            if (events.get(i).isTerminal()) {
                throw RequestError.unacceptable("nothing may follow the job's end", List.of("events[" + (i + 1)
                        + "] follows " + events.get(i).type() + ", which ends the job"));
            }
        }
        return requireExternal(caller, jobId).invoke(job -> refuseEnded(jobId, job))
                .invoke(job -> refuseBeyondBounds(job, events))
                .chain(job -> publish(events.stream()
                        .map(e -> WireType.PROGRESS.record(config.topics().progress(), jobId, e)).toList())
                        .replaceWith(new Reported(events, job.snapshot().state().control())));
    }

    /** Numbers and publishes log lines as one batch. */
    public Uni<LogBatch> reportLogs(Caller caller, String jobId, ReportedLogs logs) {
        int attempt = logs.attempt() == null ? 1 : logs.attempt();
        List<String> problems = new ArrayList<>();
        if (attempt < 1) {
            problems.add("attempt starts at 1, was " + attempt);
        }
        if (logs.lines().isEmpty() || logs.lines().size() > MAX_LINES) {
            problems.add("lines must hold 1 to " + MAX_LINES + " lines, held " + logs.lines().size());
        }
        for (int i = 0; i < logs.lines().size(); i++) {
            ReportedLogs.Line line = logs.lines().get(i);
            if (line == null || line.text() == null) {
                problems.add("lines[" + i + "].text is required");
            }
        }
        if (!problems.isEmpty()) {
            throw RequestError.unacceptable("the log lines are not acceptable", problems);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return requireExternal(caller, jobId)
                .chain(() -> live.reserveLogSequences(jobId, logs.lines().size(), LOG_SEQUENCE_TTL))
                .chain(first -> {
                    List<LogLine> lines = new ArrayList<>(logs.lines().size());
                    for (int i = 0; i < logs.lines().size(); i++) {
                        ReportedLogs.Line line = logs.lines().get(i);
                        lines.add(new LogLine(first + i, line.at() == null ? now : line.at(),
                                line.stream() == null ? LogStream.STDOUT : line.stream(),
                                line.level() == null ? LogLevel.INFO : line.level(),
                                LogLine.capped(line.text(), LogLine.MAX_TEXT)));
                    }
                    LogBatch batch = new LogBatch(UUID.randomUUID(), jobId, attempt, caller.who(), now, lines);
                    return publish(List.of(WireType.LOGS.record(config.topics().logs(), jobId, batch)))
                            .replaceWith(batch);
                });
    }

    /**
     * Stores an uploaded file as one of the job's artifacts, checked as a file an executor job names is (size, name,
     * content type), and records its {@code ArtifactSaved}; the bytes go to the artifact store, never to Kafka.
     */
    public Uni<ArtifactSaved> reportArtifact(Caller caller, String jobId, ArtifactUpload upload) {
        return requireExternal(caller, jobId).invoke(job -> refuseEnded(jobId, job))
                .chain(job -> Uni.createFrom().item(() -> keep(caller, jobId, job.snapshot().state(), upload))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .call(kept -> publish(List.of(WireType.PROGRESS.record(config.topics().progress(), jobId,
                        kept.event()))))
                .call(kept -> Uni.createFrom().voidItem().invoke(() -> release(kept.artifact()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .map(Kept::event);
    }

    /** An upload in the store, and the event that records it. */
    private record Kept(StoredArtifact artifact, ArtifactSaved event) {
    }

    private Kept keep(Caller caller, String jobId, JobState state, ArtifactUpload upload) {
        Map<String, JobArtifacts.Kept> stored = new HashMap<>();
        state.artifacts().forEach(a -> stored.put(a.name(), new JobArtifacts.Kept(a.sizeBytes(), a.sha256())));
        String name = upload.name() != null && !upload.name().isBlank() ? upload.name() : upload.fileName();
        try (InputStream in = Files.newInputStream(upload.file())) {
            StoredArtifact a = artifacts.fromUpload(jobId, in, name, upload.fileName(), upload.mediaType(),
                    upload.preview(), new JobArtifacts(stored));
            return new Kept(a, new ArtifactSaved(UUID.randomUUID(), jobId,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), caller.who(), a.name(), a.mediaType(),
                    a.sizeBytes(), a.sha256(), a.location(), a.thumbnail(), a.preview(), state.currentStage()));
        } catch (ArtifactRefused refused) {
            throw RequestError.unacceptable("the artifact was not kept", List.of(refused.getMessage()));
        } catch (IOException e) {
            throw RequestError.unavailable("the artifact could not be stored now; retry");
        }
    }

    /** Deletes what the upload replaced under its name; a failure only leaves unused bytes in the store. */
    private void release(StoredArtifact artifact) {
        try {
            artifacts.release(artifact);
        } catch (IOException e) {
            LOG.warnf("Could not delete the bytes artifact %s replaced: %s", artifact.name(), e.getMessage());
        }
    }

    private Uni<JobAccess.VisibleJob> requireExternal(Caller caller, String jobId) {
        return jobs.require(caller, jobId).invoke(job -> {
            if (!job.snapshot().state().external()) {
                throw RequestError.conflict("job '" + jobId
                        + "' is run by an executor, which reports its progress; only external jobs take reports");
            }
        });
    }

    /** An ended job takes no more events (log lines may still trail in: a reporter flushes them as it ends). */
    private static void refuseEnded(String jobId, JobAccess.VisibleJob job) {
        JobStatus status = job.snapshot().state().status();
        if (status.isTerminal()) {
            throw RequestError.conflict("job '" + jobId + "' has ended (" + status
                    + "); it takes no more events");
        }
    }

    /** A report that would take the job beyond a bound is refused whole, as the aggregator would refuse it. */
    private static void refuseBeyondBounds(JobAccess.VisibleJob job, List<ProgressEvent> events) {
        JobState state = job.snapshot().state();
        for (ProgressEvent event : events) {
            JobState after = JobReducer.apply(state, event);
            String beyond = JobBounds.exceeded(state, after);
            if (beyond != null) {
                throw RequestError.unacceptable("the report is not acceptable; nothing was recorded",
                        List.of(beyond));
            }
            state = after;
        }
    }

    private Uni<Void> publish(List<ProducerRecord<String, byte[]>> records) {
        return publisher.publish(records).onFailure().transform(failure -> RequestError.unavailable(
                "the report could not be written to Kafka; retry"));
    }

    private List<ProgressEvent> decode(Caller caller, String jobId, JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(items::add);
        } else if (body != null && body.isObject()) {
            items.add(body);
        } else {
            throw RequestError.badInput("expected an event object or an array of them");
        }
        if (items.isEmpty() || items.size() > MAX_EVENTS) {
            throw RequestError.unacceptable("a report holds 1 to " + MAX_EVENTS + " events, this one "
                    + items.size(), List.of());
        }
        List<String> problems = new ArrayList<>();
        List<ProgressEvent> events = new ArrayList<>(items.size());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < items.size(); i++) {
            String where = items.size() == 1 ? "" : "[" + i + "] ";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                problems.add(where + "is not an object");
                continue;
            }
            ObjectNode event = ((ObjectNode) item).deepCopy();
            String kind = event.path("type").asText("");
            if (!REPORTABLE_KINDS.contains(kind)) {
                problems.add(where + "type '" + kind + "' cannot be reported; use one of " + REPORTABLE_KINDS);
                continue;
            }
            if (event.has("jobId") && !jobId.equals(event.get("jobId").asText())) {
                problems.add(where + "jobId must be left out or be '" + jobId + "'");
                continue;
            }
            event.put("jobId", jobId);
            event.put("schemaVersion", ProgressEvent.SCHEMA_VERSION);
            event.put("source", caller.who());
            if (!event.hasNonNull("eventId")) {
                event.put("eventId", UUID.randomUUID().toString());
            }
            if (!event.hasNonNull("occurredAt")) {
                event.put("occurredAt", now.toString());
            }
            List<String> invalid = EventSchemas.validate(kind, event);
            if (!invalid.isEmpty()) {
                invalid.forEach(problem -> problems.add(where + problem));
                continue;
            }
            try {
                events.add(codec.decode(json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8)));
            } catch (EventDecodingException | JsonProcessingException e) {
                problems.add(where + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw RequestError.unacceptable("the report is not acceptable; nothing was recorded", problems);
        }
        return events;
    }
}
