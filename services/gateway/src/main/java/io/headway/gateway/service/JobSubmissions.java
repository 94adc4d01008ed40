package io.headway.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.headway.events.JobRequest;
import io.headway.events.JobSnapshot;
import io.headway.events.JobSubmitted;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobStatus;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.domain.BatchSubmission;
import io.headway.gateway.domain.ExternalJob;
import io.headway.gateway.domain.JobSubmission;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.domain.SubmissionRules;
import io.headway.gateway.domain.SubmittedBatch;
import io.headway.gateway.domain.SubmittedJob;
import io.headway.gateway.producer.TransactionalPublisher;
import io.headway.gateway.store.IdempotencyStore;
import io.headway.gateway.store.LiveStore;
import io.headway.templates.InvalidSubmissionException;
import io.headway.templates.JobTemplate;
import io.headway.templates.TemplateCatalog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Accepts jobs. A submission is checked against its template and the gateway's rules (every problem reported at
 * once), rate limited per key, and written as {@code JobSubmitted} plus {@code JobRequest} in one Kafka transaction;
 * a batch is one transaction for all of its jobs. The first snapshot goes to Redis right after, so the job can be
 * read the moment it is answered. An idempotency key makes a retried request answer with the job the first one
 * made, for 24 hours; the keys are kept in PostgreSQL, so they hold even when Redis loses everything.
 */
@ApplicationScoped
public class JobSubmissions {

    /** How long an idempotency key is remembered. */
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    /** How long the first snapshot lives if the aggregator never takes the job over. */
    static final Duration FIRST_SNAPSHOT_TTL = Duration.ofHours(1);
    static final String SOURCE = "gateway";
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final TemplateCatalog templates;
    private final TransactionalPublisher publisher;
    private final LiveStore live;
    private final IdempotencyStore idempotencyKeys;
    private final SubmissionLimiter limiter;
    private final Links links;
    private final GatewayConfig config;
    private final Clock clock;
    private final ObjectMapper canonical = HeadwayJson.mapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public JobSubmissions(TransactionalPublisher publisher, LiveStore live, IdempotencyStore idempotencyKeys,
            SubmissionLimiter limiter, Links links, GatewayConfig config, Clock clock) {
        this.clock = clock;
        this.publisher = publisher;
        this.live = live;
        this.idempotencyKeys = idempotencyKeys;
        this.limiter = limiter;
        this.links = links;
        this.config = config;
        this.templates = loadTemplates(config);
    }

    /** A response and whether it repeats the one an earlier request with the same idempotency key got. */
    public record Accepted<T>(T body, boolean replayed) {
    }

    public TemplateCatalog templates() {
        return templates;
    }

    public Uni<Accepted<SubmittedJob>> submit(Caller caller, JobSubmission submission, String idempotencyKey) {
        List<String> problems = check("", submission);
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems);
        }
        limiter.acquire(caller, 1);
        return idempotent(caller, idempotencyKey, submission, SubmittedJob.class,
                () -> accept(caller, List.of(submission), submission.batchId(), Map.of())
                        .map(jobs -> jobs.getFirst()));
    }

    public Uni<Accepted<SubmittedBatch>> submitBatch(Caller caller, BatchSubmission batch, String idempotencyKey) {
        List<String> problems = new ArrayList<>();
        if (batch.jobs().isEmpty()) {
            problems.add("jobs must hold at least one job");
        } else if (batch.jobs().size() > config.limits().batchSize()) {
            problems.add("jobs holds " + batch.jobs().size() + " jobs; a batch holds at most "
                    + config.limits().batchSize());
        }
        SubmissionRules.checkBatchId(batch.batchId(), "batchId", problems);
        SubmissionRules.checkLabels(batch.labels(), "labels", problems);
        for (int i = 0; i < batch.jobs().size() && problems.size() < 100; i++) {
            JobSubmission job = batch.jobs().get(i);
            if (job == null) {
                problems.add("jobs[" + i + "] is null");
                continue;
            }
            if (job.batchId() != null) {
                problems.add("jobs[" + i + "].batchId must be left out: the batch sets it");
            }
            problems.addAll(check("jobs[" + i + "].", job));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems);
        }
        limiter.acquire(caller, batch.jobs().size());
        String batchId = batch.batchId() != null ? batch.batchId() : "batch-" + UUID.randomUUID();
        return idempotent(caller, idempotencyKey, batch, SubmittedBatch.class,
                () -> accept(caller, batch.jobs(), batchId, batch.labels())
                        .map(jobs -> new SubmittedBatch(batchId, jobs, links.batch(batchId))));
    }

    /** Registers a job that code outside the platform runs; no executor ever picks it up. */
    public Uni<Accepted<SubmittedJob>> createExternal(Caller caller, ExternalJob job, String idempotencyKey) {
        List<String> problems = SubmissionRules.check("", job.type(), job.priority(), job.batchId(), job.labels());
        SubmissionRules.checkStages(job.stages(), "stages", problems);
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems);
        }
        limiter.acquire(caller, 1);
        return idempotent(caller, idempotencyKey, job, SubmittedJob.class, () -> {
            String jobId = UUID.randomUUID().toString();
            JobSubmitted submitted = new JobSubmitted(UUID.randomUUID(), jobId, now(), SOURCE, caller.tenant(),
                    job.type(), Map.of(), job.priority() == null ? 0 : job.priority(), job.batchId(), job.labels(),
                    job.stages(), true);
            return publishAccepted(List.of(submitted), List.of(progressRecord(submitted)))
                    .replaceWith(new SubmittedJob(jobId, JobStatus.QUEUED, job.batchId(), links.externalJob(jobId)));
        });
    }

    private List<String> check(String prefix, JobSubmission submission) {
        List<String> problems = SubmissionRules.check(prefix, submission.type(), submission.priority(),
                submission.batchId(), submission.labels());
        SubmissionRules.checkParameters(submission.parameters(), prefix + "parameters", problems);
        if (problems.isEmpty()) {
            try {
                templates.require(submission.type()).check(submission.parameters(), submission.timeoutMs(),
                        submission.maxAttempts());
            } catch (InvalidSubmissionException e) {
                e.problems().forEach(problem -> problems.add(prefix + problem));
            }
        }
        return problems;
    }

    private Uni<List<SubmittedJob>> accept(Caller caller, List<JobSubmission> submissions, String batchId,
            Map<String, String> batchLabels) {
        Instant now = now();
        List<JobSubmitted> events = new ArrayList<>(submissions.size());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(submissions.size() * 2);
        List<SubmittedJob> answers = new ArrayList<>(submissions.size());
        for (JobSubmission submission : submissions) {
            String jobId = UUID.randomUUID().toString();
            Map<String, String> labels = new HashMap<>(batchLabels);
            labels.putAll(submission.labels());
            JobTemplate template = templates.require(submission.type());
            int priority = submission.priority() == null ? 0 : submission.priority();
            JobSubmitted submitted = new JobSubmitted(UUID.randomUUID(), jobId, now, SOURCE, caller.tenant(),
                    submission.type(), submission.parameters(), priority, batchId, labels, template.stages(),
                    false, submission.timeoutMs(), submission.maxAttempts());
            JobRequest request = new JobRequest(jobId, caller.tenant(), submission.type(), submission.parameters(),
                    priority, batchId, labels, submission.timeoutMs(), submission.maxAttempts(), now, caller.who());
            events.add(submitted);
            records.add(progressRecord(submitted));
            records.add(WireType.JOB_REQUESTS.record(config.topics().jobRequests(), jobId, request));
            answers.add(new SubmittedJob(jobId, JobStatus.QUEUED, batchId, links.job(jobId)));
        }
        return publishAccepted(events, records).replaceWith(answers);
    }

    private ProducerRecord<String, byte[]> progressRecord(JobSubmitted submitted) {
        return WireType.PROGRESS.record(config.topics().progress(), submitted.jobId(), submitted);
    }

    private Uni<Void> publishAccepted(List<JobSubmitted> events, List<ProducerRecord<String, byte[]>> records) {
        Map<String, String> firstSnapshots = new LinkedHashMap<>();
        for (JobSubmitted event : events) {
            JobSnapshot snapshot = JobSnapshot.of(JobReducer.fold(event.jobId(), List.of(event)));
            firstSnapshots.put(event.jobId(),
                    new String(WireType.JOB_STATE.codec().encode(snapshot), StandardCharsets.UTF_8));
        }
        return publisher.publish(records)
                .onFailure().transform(failure -> RequestError.unavailable("the job could not be written to Kafka ("
                        + failure.getMessage() + "); nothing was accepted, retry with the same Idempotency-Key"))
                .call(() -> live.writeFirstSnapshots(firstSnapshots, FIRST_SNAPSHOT_TTL)
                        .onFailure().recoverWithNull());
    }

    private <T> Uni<Accepted<T>> idempotent(Caller caller, String key, Object request, Class<T> type,
            Supplier<Uni<T>> action) {
        if (key == null || key.isEmpty()) {
            return action.get().map(body -> new Accepted<>(body, false));
        }
        if (key.length() > MAX_IDEMPOTENCY_KEY) {
            throw RequestError.badInput("the Idempotency-Key must be at most " + MAX_IDEMPOTENCY_KEY
                    + " characters");
        }
        String hash = hash(request);
        return idempotencyKeys.claim(caller.tenant(), key, hash, IDEMPOTENCY_TTL).chain(previous -> {
            if (previous.isEmpty()) {
                return action.get()
                        .call(body -> idempotencyKeys.complete(caller.tenant(), key, write(body)))
                        .onFailure().call(() -> idempotencyKeys.release(caller.tenant(), key))
                        .map(body -> new Accepted<>(body, false));
            }
            IdempotencyStore.Held held = previous.get();
            if (!held.requestHash().equals(hash)) {
                throw RequestError.unacceptable("this Idempotency-Key was used for a different request; "
                        + "use a new key for a new request", List.of());
            }
            if (!held.answered()) {
                throw RequestError.conflict(
                        "a request with this Idempotency-Key is still being processed; retry shortly");
            }
            return Uni.createFrom().item(new Accepted<>(read(held.response(), type), true));
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the request", e);
        }
    }

    private String write(Object body) {
        try {
            return canonical.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return canonical.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TemplateCatalog loadTemplates(GatewayConfig config) {
        // The gateway only checks submissions: the bundled templates' files are run by the executor, never here.
        return TemplateCatalog.loadForChecking(config.templatesDir());
    }
}
