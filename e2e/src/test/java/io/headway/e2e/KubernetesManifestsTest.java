package io.headway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/k8s} validated without a cluster: every document read into the Kubernetes (fabric8) or Strimzi model
 * of its kind with no field the model does not know, and checked against the code: each service's port, its health
 * endpoints, the addresses it reads, a Service and a PodDisruptionBudget per Deployment, the executor's grace for its
 * running jobs, and the topics equal to the list the local stack creates.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("services.dir", "../services")).resolve("..");
    private static final Path BASE = ROOT.resolve("deploy/k8s/base");
    private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.of(
            "Deployment", Deployment.class, "Service", Service.class, "PodDisruptionBudget", PodDisruptionBudget.class,
            "ConfigMap", ConfigMap.class, "KafkaTopic", KafkaTopic.class);
    private static final List<String> SERVICES = List.of("gateway", "executor", "aggregator", "eta-predictor");

    private static final List<HasMetadata> resources = new ArrayList<>();
    private static Map<String, Object> kustomization;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        kustomization = Serialization.unmarshal(Files.readString(BASE.resolve("kustomization.yaml")), Map.class);
        for (Object file : (List<Object>) kustomization.get("resources")) {
            for (String document : Files.readString(BASE.resolve((String) file)).split("(?m)^---$")) {
                Map<String, Object> raw = Serialization.unmarshal(document, Map.class);
                Class<? extends HasMetadata> model = MODELS.get((String) raw.get("kind"));
                assertThat(model).as("a kind this test knows: " + raw.get("kind") + " in " + file).isNotNull();
                resources.add(Serialization.unmarshal(document, model));
            }
        }
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        try (Stream<Path> files = Files.list(BASE)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(names((List<?>) kustomization.get("resources")));
        }
    }

    @Test
    void everyFieldIsOneTheModelsKnow() throws ReflectiveOperationException {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata resource : resources) {
            unknownFields(resource, resource.getKind() + "/" + resource.getMetadata().getName(), unknown);
        }
        assertThat(unknown).as("fields no model has (a typo, or the wrong place)").isEmpty();
    }

    @Test
    void eachServiceRunsOnItsPortWithProbesResourcesAndItsAddresses() throws IOException {
        ConfigMap servers = only(ConfigMap.class, "headway-servers");
        for (String name : SERVICES) {
            Deployment deployment = only(Deployment.class, name);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            int port = defaultPort(name);

            assertThat(container.getPorts().getFirst().getContainerPort()).as(name + "'s port").isEqualTo(port);
            assertThat(path(container.getStartupProbe())).isEqualTo("/q/health/started");
            assertThat(path(container.getReadinessProbe())).isEqualTo("/q/health/ready");
            assertThat(path(container.getLivenessProbe())).isEqualTo("/q/health/live");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
            assertThat(container.getEnvFrom().getFirst().getConfigMapRef().getName()).isEqualTo("headway-servers");
            assertThat(container.getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("HEADWAY_PG_PASSWORD");
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("headway-postgres");
            });
            assertThat(images()).contains(container.getImage());

            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
            assertThat(only(Service.class, name).getSpec().getSelector()).isEqualTo(selector);
            assertThat(only(Service.class, name).getSpec().getPorts().getFirst().getPort()).isEqualTo(port);
            assertThat(only(PodDisruptionBudget.class, name).getSpec().getSelector().getMatchLabels())
                    .isEqualTo(selector);
        }
        assertThat(servers.getData()).containsOnlyKeys("HEADWAY_KAFKA_BOOTSTRAP", "HEADWAY_REDIS_URL",
                "HEADWAY_PG_HOST", "HEADWAY_PG_PORT", "HEADWAY_PG_DB", "HEADWAY_PG_USER", "HEADWAY_ARTIFACTS_STORE",
                "HEADWAY_ARTIFACTS_S3_BUCKET", "HEADWAY_ARTIFACTS_S3_REGION");
        assertThat(servers.getData()).as("pods share no filesystem: artifacts go to a bucket")
                .containsEntry("HEADWAY_ARTIFACTS_STORE", "s3");
    }

    @Test
    void anExecutorIsGivenTimeToFinishOrHandBackItsJobs() {
        // shutdown-grace (30 s) for running jobs, then cancel-grace (10 s) for those handed back, then the JVM's exit.
        assertThat(only(Deployment.class, "executor").getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds()).isGreaterThan(40);
    }

    @Test
    void theTopicsAreTheOnesTheLocalStackCreates() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("deploy/local/kafka/topics.txt"))) {
            String[] words = line.replaceAll("#.*", "").trim().split("\\s+");
            if (words.length >= 2) {
                expected.put(words[0], String.join(" ", List.of(words).subList(1, words.length)));
            }
        }
        Map<String, String> declared = new TreeMap<>();
        for (HasMetadata resource : resources) {
            if (resource instanceof KafkaTopic topic) {
                assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "headway");
                Map<String, Object> config = new LinkedHashMap<>(topic.getSpec().getConfig());
                StringBuilder words = new StringBuilder(String.valueOf(topic.getSpec().getPartitions()));
                config.forEach((key, value) -> words.append(' ').append(key).append('=').append(value));
                declared.put(topic.getSpec().getTopicName(), words.toString());
            }
        }
        assertThat(declared).isEqualTo(expected);
    }

    private static <T extends HasMetadata> T only(Class<T> kind, String name) {
        return resources.stream().filter(kind::isInstance).map(kind::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).reduce((a, b) -> {
                    throw new AssertionError("two " + kind.getSimpleName() + "s named " + name);
                }).orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name));
    }

    private static String path(Probe probe) {
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        return probe.getHttpGet().getPath();
    }

    /** The port a service listens on unless told otherwise: {@code quarkus.http.port=${...:PORT}}. */
    private static int defaultPort(String service) throws IOException {
        String properties = Files.readString(ROOT.resolve("services").resolve(service)
                .resolve("src/main/resources/application.properties"));
        Matcher port = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{[A-Z_]+:(\\d+)}$").matcher(properties);
        assertThat(port.find()).as(service + " names its port").isTrue();
        return Integer.parseInt(port.group(1));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> images() {
        Set<String> images = new TreeSet<>();
        for (Map<String, Object> image : (List<Map<String, Object>>) kustomization.get("images")) {
            images.add((String) image.get("name"));
        }
        return images;
    }

    private static List<String> names(List<?> files) {
        return files.stream().map(String::valueOf).toList();
    }

    /** Walks the model's getters, collecting every non-empty {@code additionalProperties}: fields it did not know. */
    private static void unknownFields(Object node, String path, List<String> unknown)
            throws ReflectiveOperationException {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        String owner = node.getClass().getPackageName();
        if (!owner.startsWith("io.fabric8") && !owner.startsWith("io.strimzi")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() > 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (value instanceof Map<?, ?> map) {
                for (var entry : map.entrySet()) {
                    unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
                }
            } else {
                unknownFields(value, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }
}
