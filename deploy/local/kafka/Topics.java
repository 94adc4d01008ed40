/*
 * Creates and lists the Headway Kafka topics with the Admin client of kafka-clients.
 * (kafka-tools, which holds kafka-topics.sh's code, is not published to Maven Central.)
 *
 * Run it with the JDK's source launcher and the broker jars on the class path:
 *
 *   java -cp '.stack/kafka/libs/*' deploy/local/kafka/Topics.java create|list \
 *        [--bootstrap HOST:PORT] [--file deploy/local/kafka/topics.txt] [--replication-factor 1] [--wait 60]
 *
 * create: creates the topics of the file that are missing; for those that exist, sets any
 *         config of the file whose value differs (e.g. cleanup.policy) and adds partitions
 *         when there are fewer than the file asks for. Running it again changes nothing.
 * list:   every non-internal topic with partitions, replication factor, cleanup.policy and
 *         retention; topics of the file that do not exist are shown as MISSING (exit code 3).
 *
 * --bootstrap defaults to $HEADWAY_KAFKA_BOOTSTRAP, else 127.0.0.1:19092.
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

public class Topics {

    record TopicSpec(String name, int partitions, Map<String, String> configs) {}

    public static void main(String[] args) throws Exception {
        String command = null;
        String bootstrap = System.getenv().getOrDefault("HEADWAY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        Path file = Path.of("deploy/local/kafka/topics.txt");
        short replicationFactor = 1;
        int waitSeconds = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = value(args, ++i);
                case "--file" -> file = Path.of(value(args, ++i));
                case "--replication-factor" -> replicationFactor = Short.parseShort(value(args, ++i));
                case "--wait" -> waitSeconds = Integer.parseInt(value(args, ++i));
                case "create", "list" -> command = args[i];
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (command == null) {
            usage("missing command");
        }

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "headway-topics");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        int exit;
        try (Admin admin = Admin.create(props)) {
            awaitBroker(admin, bootstrap, waitSeconds);
            exit = command.equals("create")
                    ? create(admin, readSpecs(file), replicationFactor)
                    : list(admin, Files.exists(file) ? readSpecs(file) : List.of());
        } catch (ExecutionException e) {
            System.err.println("ERROR: " + e.getCause());
            exit = 1;
        }
        System.exit(exit);
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("missing value for " + args[i - 1]);
        }
        return args[i];
    }

    static void usage(String problem) {
        System.err.println("ERROR: " + problem);
        System.err.println("usage: Topics.java create|list [--bootstrap HOST:PORT] [--file topics.txt]"
                + " [--replication-factor N] [--wait SECONDS]");
        System.exit(2);
    }

    /** Lines "NAME PARTITIONS key=value ..."; '#' starts a comment. */
    static List<TopicSpec> readSpecs(Path file) throws Exception {
        List<TopicSpec> specs = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("\\s+");
            if (parts.length < 2 || !parts[1].matches("\\d+")) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected NAME PARTITIONS [key=value ...]");
            }
            Map<String, String> configs = new LinkedHashMap<>();
            for (int i = 2; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected key=value, got " + parts[i]);
                }
                configs.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            specs.add(new TopicSpec(parts[0], Integer.parseInt(parts[1]), configs));
        }
        return specs;
    }

    static void awaitBroker(Admin admin, String bootstrap, int waitSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        System.err.println("ERROR: no Kafka broker answered at " + bootstrap + " within " + waitSeconds + "s"
                + (last == null ? "" : ": " + last));
        System.exit(1);
    }

    static int create(Admin admin, List<TopicSpec> specs, short replicationFactor) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        int created = 0;
        int changed = 0;
        int unchanged = 0;

        List<NewTopic> toCreate = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                toCreate.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()));
            }
        }
        if (!toCreate.isEmpty()) {
            var results = admin.createTopics(toCreate).values();
            for (NewTopic topic : toCreate) {
                try {
                    results.get(topic.name()).get();
                    System.out.printf("created   %-26s %d partitions, rf %d, %s%n", topic.name(),
                            topic.numPartitions(), topic.replicationFactor(), topic.configs());
                    created++;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    existing.add(topic.name()); // created concurrently: check it below
                }
            }
        }

        List<TopicSpec> present = specs.stream().filter(s -> existing.contains(s.name())).toList();
        if (!present.isEmpty()) {
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(present.stream().map(TopicSpec::name).toList()).allTopicNames().get();
            Map<ConfigResource, Config> configs = describeConfigs(admin, present.stream().map(TopicSpec::name).toList());
            Map<ConfigResource, Collection<AlterConfigOp>> alterations = new LinkedHashMap<>();
            Map<String, NewPartitions> morePartitions = new LinkedHashMap<>();
            for (TopicSpec spec : present) {
                List<String> notes = new ArrayList<>();
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                Config current = configs.get(resource);
                for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
                    ConfigEntry entry = current.get(wanted.getKey());
                    String now = entry == null ? null : entry.value();
                    if (!wanted.getValue().equals(now)) {
                        alterations.computeIfAbsent(resource, r -> new ArrayList<>()).add(new AlterConfigOp(
                                new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET));
                        notes.add(wanted.getKey() + ": " + now + " -> " + wanted.getValue());
                    }
                }
                int partitions = descriptions.get(spec.name()).partitions().size();
                if (partitions < spec.partitions()) {
                    morePartitions.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
                    notes.add("partitions: " + partitions + " -> " + spec.partitions());
                } else if (partitions > spec.partitions()) {
                    System.err.printf("WARNING: %s has %d partitions, more than the %d asked for;"
                            + " Kafka cannot remove partitions (delete the topic to start over)%n",
                            spec.name(), partitions, spec.partitions());
                }
                if (notes.isEmpty()) {
                    unchanged++;
                } else {
                    System.out.printf("altered   %-26s %s%n", spec.name(), String.join(", ", notes));
                    changed++;
                }
            }
            if (!alterations.isEmpty()) {
                admin.incrementalAlterConfigs(alterations).all().get();
            }
            if (!morePartitions.isEmpty()) {
                admin.createPartitions(morePartitions).all().get();
            }
        }
        System.out.printf("topics: %d listed, %d created, %d altered, %d already as wanted%n",
                specs.size(), created, changed, unchanged);
        return 0;
    }

    static Map<ConfigResource, Config> describeConfigs(Admin admin, Collection<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        return admin.describeConfigs(resources).all().get();
    }

    static int list(Admin admin, List<TopicSpec> expected) throws Exception {
        Set<String> names = new TreeSet<>(admin.listTopics().names().get());
        Map<String, TopicDescription> descriptions = names.isEmpty()
                ? Map.of() : new TreeMap<>(admin.describeTopics(names).allTopicNames().get());
        Map<ConfigResource, Config> configs = names.isEmpty() ? Map.of() : describeConfigs(admin, names);

        String format = "%-26s %10s %3s  %-15s %s%n";
        System.out.printf(format, "TOPIC", "PARTITIONS", "RF", "CLEANUP.POLICY", "RETENTION");
        for (TopicDescription d : descriptions.values()) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name()));
            String policy = config.get("cleanup.policy").value();
            String retention = policy.contains("delete") ? human(config.get("retention.ms").value()) : "-";
            int rf = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
            System.out.printf(format, d.name(), d.partitions().size(), rf, policy, retention);
        }
        int missing = 0;
        for (TopicSpec spec : expected) {
            if (!names.contains(spec.name())) {
                System.out.printf(format, spec.name(), "MISSING", "-", "-", "-");
                missing++;
            }
        }
        return missing == 0 ? 0 : 3;
    }

    static String human(String millis) {
        long ms;
        try {
            ms = Long.parseLong(millis);
        } catch (NumberFormatException e) {
            return millis;
        }
        if (ms < 0) {
            return "forever";
        }
        Duration d = Duration.ofMillis(ms);
        if (ms > 0 && ms % 86_400_000L == 0) {
            return d.toDays() + "d";
        }
        if (ms > 0 && ms % 3_600_000L == 0) {
            return d.toHours() + "h";
        }
        return ms + "ms";
    }
}
