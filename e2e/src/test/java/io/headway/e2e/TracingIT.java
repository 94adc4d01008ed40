package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headway.e2e.TraceReceiver.ReceivedSpan;
import io.headway.events.state.JobStatus;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamClient;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TestIds;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With tracing switched on, one job is one trace: the HTTP submit, the executor taking its request, each event it
 * sends, the aggregator's fold and the gateway's push to the WebSocket subscriber, joined through the trace context
 * in the Kafka records' headers, as a real OTLP receiver gets them.
 */
class TracingIT {

    private final String run = TestIds.jobId("tracing");
    private TraceReceiver receiver;
    private List<ServiceProcess> services = List.of();

    @AfterEach
    void stop() throws Exception {
        services.forEach(ServiceProcess::stop);
        if (receiver != null) {
            receiver.close();
        }
        try (Admin admin = Platform.admin()) {
            admin.deleteTopics(List.of(Platform.requestsTopic(run))).all().get();
        }
    }

    @Test
    void aJobIsOneTraceFromTheHttpSubmitToTheWebSocketPush() throws Exception {
        receiver = TraceReceiver.start();
        List<String> tracing = List.of("quarkus.otel.sdk.disabled=false",
                "quarkus.otel.exporter.otlp.endpoint=" + receiver.endpoint(),
                "quarkus.otel.bsp.schedule.delay=200ms");
        try (Admin admin = Platform.admin()) {
            admin.createTopics(List.of(new NewTopic(Platform.requestsTopic(run), 6, (short) 1))).all().get();
        }
        ServiceProcess gateway = Platform.gateway(run, "TracingIT-gateway", tracing);
        services = List.of(Platform.aggregator(run, "TracingIT-aggregator", tracing), gateway,
                Platform.executor(run, run, "TracingIT-executor", tracing));
        services.forEach(ServiceProcess::start);

        Api api = new Api(gateway, Platform.key(run));
        try (StreamClient stream = api.stream().patience(Duration.ofSeconds(60))) {
            stream.send(Subscribe.everything());
            stream.await(ServerMessage.Subscribed.class);
            String jobId = api.call("POST", "/api/v1/jobs",
                    "{\"type\": \"demo\", \"parameters\": {\"size\": \"5\", \"delayMs\": \"50\"}}", 202)
                    .path("jobId").asText();
            stream.awaitSnapshot(jobId, JobStatus.SUCCEEDED);

            AtomicReference<String> traceId = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> traceId.set(assertOneTrace(jobId)));
            System.out.printf("The trace of job %s (start, duration, service: span):%n%s", jobId,
                    receiver.tree(traceId.get()));
        }
    }

    /** Asserts that the job's spans, from the HTTP submit to the push of its end, form one trace; returns its id. */
    private String assertOneTrace(String jobId) {
        List<ReceivedSpan> spans = receiver.spans();
        ReceivedSpan submit = spans.stream()
                .filter(s -> s.service().equals("headway-gateway") && s.name().equals("POST /api/v1/jobs"))
                .findFirst().orElseThrow(() -> new AssertionError("no span of the HTTP submit among "
                        + spans.stream().map(sp -> sp.service() + ": " + sp.name()).distinct().toList()
                        + "; exports refused: " + receiver.refused()));
        List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId().equals(submit.traceId())).toList();

        ReceivedSpan ended = trace.stream().filter(s -> s.name().equals("fold and publish snapshot")
                        && jobId.equals(s.attributes().get("headway.job.id"))
                        && "SUCCEEDED".equals(s.attributes().get("headway.job.status")))
                .min(Comparator.comparingLong(ReceivedSpan::startNanos))
                .orElseThrow(() -> new AssertionError("no span of the fold that ended the job"));
        assertThat(parentOf(ended, trace).service()).as("the fold continues the executor's event")
                .isEqualTo("headway-executor");
        assertThat(ancestors(ended, trace)).as("from the fold back to the submit")
                .extracting(ReceivedSpan::service)
                .contains("headway-executor", "headway-gateway");
        assertThat(ancestors(ended, trace).getLast()).isEqualTo(submit);
        assertThat(trace).as("the push of the fold's snapshot to the WebSocket client")
                .anySatisfy(push -> {
                    assertThat(push.service()).isEqualTo("headway-gateway");
                    assertThat(push.name()).isEqualTo("websocket push");
                    assertThat(push.parentSpanId()).isEqualTo(ended.spanId());
                });
        return submit.traceId();
    }

    private static ReceivedSpan parentOf(ReceivedSpan span, List<ReceivedSpan> trace) {
        return trace.stream().filter(s -> s.spanId().equals(span.parentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the parent of " + span + " was not received"));
    }

    /** The span's parent, its parent's parent, and so on up to the trace's root. */
    private static List<ReceivedSpan> ancestors(ReceivedSpan span, List<ReceivedSpan> trace) {
        return Stream.iterate(parentOf(span, trace), s -> s != null,
                s -> s.parentSpanId().isEmpty() ? null : parentOf(s, trace)).toList();
    }
}
