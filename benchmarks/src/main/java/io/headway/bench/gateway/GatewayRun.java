package io.headway.bench.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headway.events.JobSnapshot;
import io.headway.events.JobSubmitted;
import io.headway.events.ProgressEvent;
import io.headway.events.ProgressReported;
import io.headway.events.codec.HeadwayJson;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.events.state.JobReducer;
import io.headway.events.state.JobState;
import io.headway.stream.ClientMessage.Subscribe;
import io.headway.stream.ServerMessage;
import io.headway.stream.StreamCodec;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/**
 * What every part of the gateway benchmark stands on: the run's ids, topics and tenant of its own, the packaged gateway
 * (and, for the latency part, an aggregator) as processes on those topics, a Kafka producer, and WebSocket and REST
 * clients of that gateway. It must never reach the topics or consumer groups of the services a developer runs on the
 * stack: everything it names carries the run's id.
 */
public final class GatewayRun implements AutoCloseable {

    /** The option every part shares. */
    public static final class Options {
        @Option(names = "--gateway-jar", description = "the packaged gateway (default ${DEFAULT-VALUE})")
        Path gatewayJar = Path.of("services/gateway/target/quarkus-app/quarkus-run.jar");
    }

    private static final ObjectMapper JSON = HeadwayJson.mapper();
    /** Connections the gateway allows the run's key beyond the subscribers: the latency part's watcher. */
    private static final int SPARE_CONNECTIONS = 100;

    private final String id = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final String progressTopic = Topics.PROGRESS + "." + id;
    private final String jobStateTopic = Topics.JOB_STATE + "." + id;
    private final String requestsTopic = Topics.JOB_REQUESTS + "." + id;
    private final String tenant = id;
    private final String key = "hw_bench_" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    /** How to stop what {@link #start} started, in the order it started. */
    private final List<Runnable> stops = new ArrayList<>();
    private ServiceProcess gateway;
    private ServiceProcess aggregator;
    private KafkaProducer<String, byte[]> producer;
    private Vertx vertx;
    private WebSocketClient client;

    public String id() {
        return id;
    }

    /** The topics the run's processes use; they must exist before {@link #start}. */
    public List<String> topics() {
        return List.of(progressTopic, jobStateTopic, requestsTopic);
    }

    /**
     * Starts a gateway that lets the run's key hold {@code connections} WebSockets and more, and an aggregator when
     * {@code aggregatorJar} is given; their logs go to a folder of the run's own.
     */
    public void start(Options options, int connections, Path aggregatorJar) throws IOException {
        Path logs = Files.createTempDirectory("gateway-" + id);
        System.out.printf("run %s: service logs in %s%n", id, logs);
        if (aggregatorJar != null) {
            List<String> properties = new ArrayList<>(ServiceProcess.aggregatorGroup(id + "-aggregator"));
            properties.addAll(List.of(
                    "headway.aggregator.topics.progress=" + progressTopic,
                    "headway.aggregator.topics.job-state=" + jobStateTopic,
                    "mp.messaging.incoming.progress.auto.offset.reset=latest",
                    "mp.messaging.incoming.logs.auto.offset.reset=latest"));
            aggregator = new ServiceProcess(aggregatorJar, properties, logs.resolve("aggregator.log"));
            stops.add(aggregator::close);
            aggregator.start();
        }
        gateway = new ServiceProcess(options.gatewayJar, List.of(
                "headway.gateway.auth.dev-key=" + key,
                "headway.gateway.topics.progress=" + progressTopic,
                "headway.gateway.topics.job-requests=" + requestsTopic,
                "headway.gateway.topics.job-state=" + jobStateTopic,
                "headway.gateway.auth.dev-tenant=" + tenant,
                "headway.gateway.limits.connections-per-key=" + (connections + SPARE_CONNECTIONS),
                "headway.gateway.limits.submit-rate=1000"),
                logs.resolve("gateway.log"));
        stops.add(gateway::close);
        gateway.start();
        producer = producer();
        stops.add(producer::close);
        vertx = Vertx.vertx();
        stops.add(() -> vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS)
                .join());
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(connections + SPARE_CONNECTIONS).setConnectTimeout(60_000).setIdleTimeout(0));
        stops.add(client::close);
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    /** The aggregator, when the run started one. */
    public Optional<ServiceProcess> aggregator() {
        return Optional.ofNullable(aggregator);
    }

    // --- the run's jobs -------------------------------------------------------------------------------------------

    /** Job {@code j} of those the subscribers follow and the fan-out part publishes. */
    public String fanOutJob(int j) {
        return id + "-fan-" + j;
    }

    /** Job {@code j} of those the latency part reports progress for. */
    public String latencyJob(int j) {
        return id + "-latency-" + j;
    }

    /** A job no part reports for: its one snapshot marks the end of what was published before it. */
    public String markerJob() {
        return id + "-marker";
    }

    /** Whether the run made up this job id; jobs submitted over REST get theirs from the gateway. */
    public boolean named(String jobId) {
        return jobId.startsWith(id + "-");
    }

    /** A job of the run's tenant right after its submission, as the aggregator would hold it. */
    public JobState submitted(String jobId) {
        return JobReducer.apply(JobState.initial(jobId), submission(jobId));
    }

    /** The submission of a job of the run's tenant, dated at the epoch so no latency is ever measured from it. */
    public JobSubmitted submission(String jobId) {
        return new JobSubmitted(UUID.randomUUID(), jobId, Instant.ofEpochMilli(0), "benchmark", tenant, "bench",
                Map.of(), 0, null, Map.of(), List.of(), true);
    }

    public static ProgressEvent progress(String jobId, Instant at) {
        return new ProgressReported(UUID.randomUUID(), jobId, at, "benchmark", null, null, null, null, null,
                "working", Map.of());
    }

    // --- Kafka ----------------------------------------------------------------------------------------------------

    /** Publishes a snapshot to the run's job-state topic, as the aggregator would. */
    public void publish(JobState state) {
        producer.send(WireType.JOB_STATE.record(jobStateTopic, state.jobId(), JobSnapshot.of(state)));
    }

    /** Reports an event to the run's progress topic, as a job would. */
    public void report(ProgressEvent event) {
        producer.send(WireType.PROGRESS.record(progressTopic, event.jobId(), event));
    }

    public void flush() {
        producer.flush();
    }

    public String jobStateTopic() {
        return jobStateTopic;
    }

    // --- the gateway's API ----------------------------------------------------------------------------------------

    /** Opens a WebSocket to the gateway's stream with the run's key. */
    public Future<WebSocket> connect() {
        return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
                .setURI("/api/v1/stream").addHeader("Authorization", "Bearer " + key));
    }

    /**
     * Reads every frame {@code socket} receives as a {@link ServerMessage}, skipping kinds this client does not know,
     * and sends {@code subscription}.
     */
    public static void follow(WebSocket socket, Subscribe subscription, Consumer<ServerMessage> onMessage) {
        socket.textMessageHandler(frame -> StreamCodec.decodeServer(frame).ifPresent(onMessage));
        socket.writeTextMessage(StreamCodec.encode(subscription));
    }

    /** The part of the gateway's answer to a submission the benchmark needs. */
    private record Accepted(String jobId) {
    }

    /** Submits a job over REST, as a user would; returns the id the gateway gave it. */
    public String submitOverRest() throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("type", "demo", "labels", Map.of("run", id)));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + gateway.port() + "/api/v1/jobs")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("submitting over REST: " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readValue(answer.body(), Accepted.class).jobId();
    }

    /** Stops what {@link #start} started, the last first, each whatever happened to the others. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Runnable stop : stops.reversed()) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return LocalStack.kafkaProducer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "1", ProducerConfig.ACKS_CONFIG, "1"));
    }
}
