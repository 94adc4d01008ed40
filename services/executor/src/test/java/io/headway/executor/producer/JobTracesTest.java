package io.headway.executor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

class JobTracesTest {

    private static final Context TRACED = Context.root().with(Span.wrap(SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault())));

    private final JobTraces traces = new JobTraces();

    @Test
    void aJobKeepsItsRequestsTraceUntilItEnds() {
        traces.begin("job-1", TRACED);
        assertThat(traces.of("job-1")).isSameAs(TRACED);

        traces.end("job-1");
        assertThat(traces.of("job-1")).isNull();
    }

    @Test
    void withTracingOffNothingIsKept() {
        traces.begin("job-1", Context.root());

        assertThat(traces.of("job-1")).isNull();
    }

    @Test
    void theOldestJobsAreForgottenBeyondTheLimit() {
        for (int i = 0; i <= 10_000; i++) {
            traces.begin("job-" + i, TRACED);
        }

        assertThat(traces.of("job-0")).as("the oldest").isNull();
        assertThat(traces.of("job-1")).isSameAs(TRACED);
        assertThat(traces.of("job-10000")).isSameAs(TRACED);
    }
}
