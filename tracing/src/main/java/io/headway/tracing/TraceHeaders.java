package io.headway.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a trace across the hops that use plain Kafka clients (the gateway's transactional submissions, the
 * aggregator's snapshots, the gateway's job-state feed): the configured propagator (W3C {@code traceparent}) writes
 * the context into a record's headers and reads it back, as SmallRye does on its own channels.
 *
 * <p>With tracing off (the default) the propagator writes nothing, so records carry no trace header and
 * {@link #traced} lets the per-record paths skip all of this at the cost of one header lookup.
 */
public final class TraceHeaders {

    /** The W3C trace-context header. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return StreamSupport.stream(headers.spliterator(), false).map(Header::key).distinct().toList();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final TextMapPropagator propagator;

    public TraceHeaders(OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Whether a record carries a trace context at all. */
    public static boolean traced(Headers headers) {
        return headers.lastHeader(TRACEPARENT) != null;
    }

    /** Writes the context's trace into the headers; nothing when it holds no valid span (or tracing is off). */
    public void inject(Context context, Headers headers) {
        if (Span.fromContext(context).getSpanContext().isValid()) {
            propagator.inject(context, headers, SETTER);
        }
    }

    /** The trace context the headers carry, as a parent for a span of this hop. */
    public Context extract(Headers headers) {
        return propagator.extract(Context.root(), headers, GETTER);
    }
}
