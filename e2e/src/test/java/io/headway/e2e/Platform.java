package io.headway.e2e;

import static org.awaitility.Awaitility.await;

import io.headway.events.Alert;
import io.headway.events.kafka.Topics;
import io.headway.events.kafka.WireType;
import io.headway.testing.ApiKeys;
import io.headway.testing.LocalStack;
import io.headway.testing.ServiceProcess;
import io.headway.testing.TestIds;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The packaged services as processes for one test run, each reading only what the run makes: consumer groups of the
 * run's own (from the latest record), a job-requests topic of its own, and a gateway whose development key belongs
 * to a tenant named after the run.
 */
final class Platform implements AutoCloseable {

    private static final Path SERVICES = Path.of(System.getProperty("services.dir", "../services"));

    final String run;
    final String key;
    final String requestsTopic;
    final ServiceProcess aggregator;
    final ServiceProcess gateway;
    final ServiceProcess executor;

    /** @param test names the service logs ({@code target/service-logs/<test>-<service>.log}) */
    Platform(String run, String test) {
        this(run, test, List.of(), List.of());
    }

    /**
     * @param aggregatorSettings configuration the aggregator gets besides the run's own, such as alert thresholds
     * @param gatewaySettings    likewise for the gateway
     */
    Platform(String run, String test, List<String> aggregatorSettings, List<String> gatewaySettings) {
        this.run = run;
        this.key = key(run);
        this.requestsTopic = requestsTopic(run);
        this.aggregator = aggregator(run, test + "-aggregator", aggregatorSettings);
        this.gateway = gateway(run, test + "-gateway", gatewaySettings);
        this.executor = executor(run, run, test + "-executor");
    }

    /**
     * A gateway whose development key ({@link #key}) belongs to a tenant named after the run, which submits to the
     * run's job-requests topic.
     *
     * @param log names its log file ({@code target/service-logs/<log>.log})
     */
    static ServiceProcess gateway(String run, String log, List<String> settings) {
        return new ServiceProcess(jar("gateway"), Stream.concat(Stream.of(
                "headway.gateway.auth.dev-key=" + key(run),
                "headway.gateway.auth.dev-tenant=" + run,
                "headway.gateway.topics.job-requests=" + requestsTopic(run)), settings.stream()).toList(),
                ServiceProcess.logFile(log));
    }

    /** An executor named {@code id} taking the run's job requests, in the run's share group. */
    static ServiceProcess executor(String run, String id, String log) {
        return executor(run, id, log, List.of());
    }

    static ServiceProcess executor(String run, String id, String log, List<String> settings) {
        return new ServiceProcess(jar("executor"), Stream.concat(Stream.of(
                "headway.executor.id=" + id,
                "headway.executor.requests-group=" + run,
                "headway.executor.topics.job-requests=" + requestsTopic(run)), settings.stream()).toList(),
                ServiceProcess.logFile(log));
    }

    /** The development key of the run's gateways. */
    static String key(String run) {
        return "hw_e2e_" + run;
    }

    static String requestsTopic(String run) {
        return Topics.JOB_REQUESTS + "." + run;
    }

    /** Creates the run's topic and starts the aggregator, the gateway and the executor. */
    Platform start() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(requestsTopic, 6, (short) 1))).all().get();
        }
        aggregator.start();
        gateway.start();
        executor.start();
        return this;
    }

    @Override
    public void close() throws Exception {
        executor.stop();
        gateway.stop();
        aggregator.stop();
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(requestsTopic)).all().get();
        }
    }

    /** A tenant of a test's own on this platform, with an API key of every role. */
    record Tenant(String name, String key) {
    }

    /** Registers a new tenant, named after the test, and its key. */
    Tenant tenant(String test) throws SQLException {
        String name = TestIds.jobId(test);
        String key = "hw_e2e_" + name;
        ApiKeys.register(name, key, name, test, "submit", "read", "control", "admin");
        return new Tenant(name, key);
    }

    /** The platform's gateway as {@code key}. */
    Api api(String key) {
        return new Api(gateway, key);
    }

    /** The gateway's base URL. */
    String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /**
     * An aggregator reading the shared topics from now on, in the run's consumer group ({@code <run>-aggregator}):
     * several of them share the partitions.
     *
     * @param log names its log file ({@code target/service-logs/<log>.log})
     */
    static ServiceProcess aggregator(String run, String log, List<String> settings) {
        return new ServiceProcess(jar("aggregator"), Stream.of(
                ServiceProcess.aggregatorGroup(run + "-aggregator").stream(),
                Stream.of("mp.messaging.incoming.progress.auto.offset.reset=latest",
                        "mp.messaging.incoming.logs.auto.offset.reset=latest",
                        "headway.aggregator.topics.job-requests=" + requestsTopic(run)),
                settings.stream()).flatMap(s -> s).toList(),
                ServiceProcess.logFile(log));
    }

    /**
     * Writes an alert straight to {@code headway.alerts}, as the aggregator would, so clients are tested without its
     * alert rules; and again every two seconds until {@code shown}, since the gateway reads that topic from the latest
     * offset once its consumer has joined, which may be after the first send. Clients keep one state per alert, so a
     * repeat changes nothing.
     */
    static void publishUntilShown(Alert alert, Callable<Boolean> shown) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                if (shown.call()) {
                    return true;
                }
                producer.send(WireType.ALERTS.record(Topics.ALERTS, alert.key(), alert)).get();
                return false;
            });
        }
    }

    /** Waits until that many executors take requests in the run's share group. */
    static void awaitSharing(String group, int members) {
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptionsMatching(Platform::groupNotThereYet)
                    .until(() -> admin.describeShareGroups(List.of(group)).all().get().get(group).members()
                            .size() == members);
        }
    }

    /** A group is created by its first member's heartbeat: asked about before that, the broker knows no such group. */
    private static boolean groupNotThereYet(Throwable failure) {
        return failure instanceof ExecutionException && failure.getCause() instanceof GroupIdNotFoundException;
    }

    /** Waits until that many members of the consumer group have partitions: nothing sent from then on is missed. */
    static void awaitAssigned(String group, int members) {
        awaitAssigned(group, members, null);
    }

    /** Likewise, counting only members with partitions of {@code topic} (all topics when null). */
    static void awaitAssigned(String group, int members, String topic) {
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptionsMatching(Platform::groupNotThereYet)
                    .until(() -> admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()
                            .stream().filter(m -> m.assignment().topicPartitions().stream()
                                    .anyMatch(p -> topic == null || p.topic().equals(topic)))
                            .count() == members);
        }
    }

    static Path jar(String service) {
        return SERVICES.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()));
    }
}
