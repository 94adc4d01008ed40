package io.headway.executor.producer;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trace each running job continues, with tracing on: the context its request arrived with (the executor's
 * receive span, child of the submission's HTTP request), so every event the job sends joins the submission's trace.
 * Holds nothing with tracing off; forgets a job when its terminal event goes out, and the oldest beyond
 * {@value #MAX_JOBS} jobs (a request redelivered for a job that had already ended sends no terminal event).
 */
@ApplicationScoped
public class JobTraces {

    private static final int MAX_JOBS = 10_000;

    private final Map<String, Context> byJob = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
            return size() > MAX_JOBS;
        }
    };

    /** Records the trace a job's request came with; a context without a valid span (tracing off) is not kept. */
    public synchronized void begin(String jobId, Context context) {
        if (Span.fromContext(context).getSpanContext().isValid()) {
            byJob.put(jobId, context);
        }
    }

    /** The job's trace, or null. */
    public synchronized Context of(String jobId) {
        return byJob.get(jobId);
    }

    public synchronized void end(String jobId) {
        byJob.remove(jobId);
    }
}
