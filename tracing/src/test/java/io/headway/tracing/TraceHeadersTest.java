package io.headway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    private static final SpanContext SPAN = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

    private final TraceHeaders w3c = new TraceHeaders(
            OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance())));

    @Test
    void aContextWrittenIntoHeadersIsReadBackAsTheParent() {
        RecordHeaders headers = new RecordHeaders();
        w3c.inject(Context.root().with(Span.wrap(SPAN)), headers);

        assertThat(TraceHeaders.traced(headers)).isTrue();
        assertThat(new String(headers.lastHeader(TraceHeaders.TRACEPARENT).value()))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        SpanContext read = Span.fromContext(w3c.extract(headers)).getSpanContext();
        assertThat(read.getTraceId()).isEqualTo(SPAN.getTraceId());
        assertThat(read.getSpanId()).isEqualTo(SPAN.getSpanId());
        assertThat(read.isRemote()).isTrue();
    }

    @Test
    void aRecordCarriesOneTraceparentEvenWhenWrittenTwice() {
        RecordHeaders headers = new RecordHeaders();
        w3c.inject(Context.root().with(Span.wrap(SPAN)), headers);
        w3c.inject(Context.root().with(Span.wrap(SPAN)), headers);

        assertThat(headers.headers(TraceHeaders.TRACEPARENT)).hasSize(1);
    }

    @Test
    void nothingIsWrittenWithoutASpanOrWithTracingOff() {
        RecordHeaders outsideAnySpan = new RecordHeaders();
        w3c.inject(Context.root(), outsideAnySpan);
        RecordHeaders tracingOff = new RecordHeaders();
        new TraceHeaders(OpenTelemetry.noop()).inject(Context.root().with(Span.wrap(SPAN)), tracingOff);

        assertThat(TraceHeaders.traced(outsideAnySpan)).isFalse();
        assertThat(TraceHeaders.traced(tracingOff)).isFalse();
        assertThat(Span.fromContext(w3c.extract(outsideAnySpan)).getSpanContext().isValid()).isFalse();
    }
}
