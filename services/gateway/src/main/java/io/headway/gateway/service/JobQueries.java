package io.headway.gateway.service;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.headway.events.ExecutorHeartbeat;
import io.headway.events.LogLevel;
import io.headway.events.live.BatchProgress;
import io.headway.events.live.LogTailEntry;
import io.headway.events.state.JobStatus;
import io.headway.gateway.auth.Caller;
import io.headway.gateway.domain.Page;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.store.LiveStore;
import io.headway.history.EventHistory;
import io.headway.history.EventHistory.StoredEvent;
import io.headway.history.JobCursor;
import io.headway.history.JobHistory;
import io.headway.history.JobQuery;
import io.headway.history.JobSummary;
import io.headway.history.LogHistory;
import io.headway.stream.LogPosition;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Everything a caller can read about its own jobs: one job (live, else history), its logs, events, resource samples
 * and checkpoints, searches, batches and queue statistics. Every read is scoped to the caller's tenant.
 */
@ApplicationScoped
public class JobQueries {

    public static final int MAX_PAGE = 1000;
    private static final int EXPORT_PAGE = 1000;

    private final JobAccess jobs;
    private final LiveStore live;
    private final JobHistory history;
    private final LogHistory logs;
    private final EventHistory events;

    public JobQueries(JobAccess jobs, LiveStore live, JobHistory history, LogHistory logs, EventHistory events) {
        this.jobs = jobs;
        this.live = live;
        this.history = history;
        this.logs = logs;
        this.events = events;
    }

    /** One event of a job's history; {@code payload} is the event's JSON as recorded. */
    public record EventView(String eventId, String type, Instant occurredAt, String source, long offset,
            @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the event as on headway.progress")
            String payload) {

        static EventView of(StoredEvent event) {
            return new EventView(event.eventId().toString(), event.type(), event.occurredAt(), event.source(),
                    event.offset(), event.payload());
        }
    }

    /** How a tenant's work stands, and the executors that run it. */
    public record QueueView(Map<JobStatus, Long> jobs, Executors executors) {
    }

    /** The executors' combined capacity, and each one's latest heartbeat. */
    public record Executors(int instances, int capacity, int running, int waiting, List<ExecutorHeartbeat> each) {
    }

    public Uni<String> job(Caller caller, String jobId) {
        return jobs.require(caller, jobId).map(JobAccess.VisibleJob::json);
    }

    public Uni<Page<LogTailEntry>> logs(Caller caller, String jobId, LogPosition after, Instant since,
            Set<LogLevel> levels, int limit) {
        LogPosition from = after == null ? LogPosition.START : after;
        return jobs.require(caller, jobId)
                .chain(() -> logs.after(jobId, from.attempt(), from.sequence(), since, levels, limit))
                .map(lines -> new Page<>(lines, lines.size() < limit ? null
                        : token(LogPosition.of(lines.getLast()))));
    }

    public Uni<Page<EventView>> events(Caller caller, String jobId, Set<String> types, long afterOffset, int limit) {
        return jobs.require(caller, jobId)
                .chain(() -> events.after(jobId, types, afterOffset, limit))
                .map(events -> new Page<>(events.stream().map(EventView::of).toList(),
                        events.size() < limit ? null : Long.toString(events.getLast().offset())));
    }

    public Uni<Page<JobSummary>> search(JobQuery query) {
        return history.search(query).map(found -> new Page<>(found,
                found.size() < query.limit() ? null : JobCursor.of(found.getLast()).token()));
    }

    /** Every job a search finds, page by page from the history, up to {@code max}. */
    public Multi<JobSummary> exportJobs(JobQuery query, int max) {
        AtomicReference<JobCursor> cursor = new AtomicReference<>(query.after());
        return Multi.createBy().repeating()
                .uni(() -> history.search(query.continuedAfter(cursor.get(), EXPORT_PAGE)))
                .whilst(page -> {
                    if (!page.isEmpty()) {
                        cursor.set(JobCursor.of(page.getLast()));
                    }
                    return page.size() == EXPORT_PAGE;
                })
                .onItem().<JobSummary>disjoint().select().first(max);
    }

    /** Every event of a job, in order, up to {@code max}; the caller has been checked with {@link #job}. */
    public Multi<EventView> exportEvents(String jobId, int max) {
        AtomicReference<Long> after = new AtomicReference<>(-1L);
        return Multi.createBy().repeating()
                .uni(() -> events.after(jobId, Set.of(), after.get(), EXPORT_PAGE))
                .whilst(page -> {
                    if (!page.isEmpty()) {
                        after.set(page.getLast().offset());
                    }
                    return page.size() == EXPORT_PAGE;
                })
                .onItem().<StoredEvent>disjoint()
                .map(EventView::of)
                .select().first(max);
    }

    public Uni<BatchProgress> batch(Caller caller, String batchId) {
        return live.batch(caller.tenant(), batchId).chain(found -> found.isPresent()
                ? Uni.createFrom().item(found.get())
                : history.batchCounts(caller.tenant(), batchId).map(counts -> {
                    if (counts.isEmpty()) {
                        throw RequestError.notFound("no batch '" + batchId + "'");
                    }
                    long total = counts.values().stream().mapToLong(Long::longValue).sum();
                    long done = counts.entrySet().stream().filter(e -> e.getKey().isTerminal())
                            .mapToLong(Map.Entry::getValue).sum();
                    return new BatchProgress(caller.tenant(), batchId, total, counts,
                            total == 0 ? 0 : (double) done / total, null);
                }));
    }

    public Uni<QueueView> queue(Caller caller) {
        return Uni.combine().all().unis(live.queue(caller.tenant()), live.executors()).asTuple().map(both -> {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            for (JobStatus status : JobStatus.values()) {
                counts.put(status, both.getItem1().map(q -> q.count(status)).orElse(0L));
            }
            List<ExecutorHeartbeat> executors = both.getItem2();
            return new QueueView(counts, new Executors(executors.size(),
                    executors.stream().mapToInt(ExecutorHeartbeat::capacity).sum(),
                    executors.stream().mapToInt(ExecutorHeartbeat::running).sum(),
                    executors.stream().mapToInt(ExecutorHeartbeat::waiting).sum(), executors));
        });
    }

    static String token(LogPosition position) {
        return position.attempt() + ":" + position.sequence();
    }

    /** Reads a log cursor {@code attempt:sequence}. */
    public static LogPosition logPosition(String token) {
        String[] parts = token.split(":");
        try {
            if (parts.length == 2) {
                return new LogPosition(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RequestError.badInput("after must be attempt:sequence, e.g. 1:250; was '" + token + "'");
    }
}
