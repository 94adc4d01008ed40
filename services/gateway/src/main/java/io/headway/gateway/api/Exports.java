package io.headway.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.headway.events.codec.HeadwayJson;
import io.headway.gateway.domain.RequestError;
import io.headway.gateway.service.JobQueries;
import io.headway.history.JobSummary;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Streams an export as CSV (RFC 4180, by Jackson's CSV writer) or as one JSON array, a row at a time: an export of
 * 100,000 jobs never sits in memory whole.
 */
@ApplicationScoped
public class Exports {

    static final List<String> JOB_COLUMNS = List.of("jobId", "type", "status", "batchId", "labels", "progress",
            "submittedAt", "startedAt", "finishedAt", "updatedAt");
    static final List<String> EVENT_COLUMNS = List.of("eventId", "type", "occurredAt", "source", "offset",
            "payload");

    /** Quotes only values that need it (by default Jackson quotes every value over 24 characters). */
    private final CsvMapper csv = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    /**
     * Streams an export in the format asked for (JSON by default) as its rows are read. Call it from a blocking
     * endpoint: the rows are pulled page by page while the response is written.
     */
    <T> Response respond(String format, String name, Multi<T> rows, List<String> columns,
            Function<T, List<Object>> row) {
        String chosen = format(format);
        Multi<String> body = chosen.equals("csv") ? csvLines(rows, columns, row) : jsonArray(rows);
        StreamingOutput output = stream -> {
            Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            for (String chunk : body.subscribe().asIterable()) {
                writer.write(chunk);
            }
            writer.flush();
        };
        return Response.ok(output).type(chosen.equals("csv") ? "text/csv; charset=utf-8" : MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + name + "." + chosen + "\"").build();
    }

    private static String format(String format) {
        String chosen = format == null ? "json" : format;
        if (!chosen.equals("csv") && !chosen.equals("json")) {
            throw RequestError.badInput("format must be csv or json, was '" + format + "'");
        }
        return chosen;
    }

    static List<Object> jobRow(JobSummary job) {
        return Arrays.asList(job.jobId(), job.type(), job.status(), job.batchId(),
                json(job.labels()), job.progress(), text(job.submittedAt()), text(job.startedAt()),
                text(job.finishedAt()), text(job.updatedAt()));
    }

    static List<Object> eventRow(JobQueries.EventView event) {
        return Arrays.asList(event.eventId(), event.type(), text(event.occurredAt()), event.source(),
                event.offset(), event.payload());
    }

    private <T> Multi<String> csvLines(Multi<T> rows, List<String> columns, Function<T, List<Object>> row) {
        CsvSchema schema = CsvSchema.emptySchema();
        String header = line(schema, List.copyOf(columns));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(header),
                rows.map(item -> line(schema, row.apply(item))));
    }

    private String line(CsvSchema schema, List<Object> values) {
        try {
            return csv.writer(schema).writeValueAsString(values.stream().map(v -> Objects.toString(v, ""))
                    .toArray(String[]::new));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> Multi<String> jsonArray(Multi<T> rows) {
        AtomicBoolean first = new AtomicBoolean(true);
        return Multi.createBy().concatenating().streams(
                rows.map(item -> (first.getAndSet(false) ? "[" : ",") + json(item)),
                Multi.createFrom().deferred(() -> Multi.createFrom().item(first.get() ? "[]" : "]")));
    }

    private static String json(Object value) {
        try {
            return HeadwayJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
