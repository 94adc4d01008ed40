package io.headway.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace receiver, as an OpenTelemetry Collector or Jaeger runs on port 4318: it takes the services'
 * {@code POST /v1/traces} (protobuf) and keeps every span it was sent.
 */
final class TraceReceiver implements AutoCloseable {

    /** One span as received: the service that sent it, its place in its trace, and its attributes as text. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            long startNanos, long endNanos, Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private TraceReceiver(HttpServer server) {
        this.server = server;
    }

    static TraceReceiver start() throws IOException {
        TraceReceiver receiver = new TraceReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        receiver.server.createContext("/v1/traces", receiver::export);
        receiver.server.start();
        return receiver;
    }

    /** Where the services send their spans ({@code quarkus.otel.exporter.otlp.endpoint}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /**
     * A trace as an indented tree, children under their parent in the order they started: each span's service, name,
     * start (milliseconds after the root's) and duration.
     */
    String tree(String traceId) {
        List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId().equals(traceId))
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos)).toList();
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        StringBuilder out = new StringBuilder();
        trace.stream().filter(s -> !ids.contains(s.parentSpanId()))
                .forEach(root -> render(root, trace, root.startNanos(), 0, out));
        return out.toString();
    }

    private static void render(ReceivedSpan span, List<ReceivedSpan> trace, long origin, int depth, StringBuilder out) {
        out.append(String.format("%8.1f ms %7.1f ms  %s%s: %s%n", (span.startNanos() - origin) / 1e6,
                (span.endNanos() - span.startNanos()) / 1e6, "  ".repeat(depth), span.service(), span.name()));
        trace.stream().filter(s -> s.parentSpanId().equals(span.spanId()))
                .forEach(child -> render(child, trace, origin, depth + 1, out));
    }

    /** Why exports could not be read, if any could not: the HTTP server would otherwise swallow it. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    private void export(HttpExchange exchange) throws IOException {
        try {
            read(exchange);
        } catch (IOException | RuntimeException | LinkageError e) {
            refused.add(e.toString());
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        }
    }

    private void read(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            for (ResourceSpans resource : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
                String service = text(resource.getResource().getAttributesList()).get("service.name");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    scope.getSpansList().forEach(span -> spans.add(new ReceivedSpan(service,
                            hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
                            hex(span.getParentSpanId().toByteArray()), span.getName(),
                            span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                            text(span.getAttributesList()))));
                }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, a -> text(a.getValue()),
                (first, second) -> second));
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
