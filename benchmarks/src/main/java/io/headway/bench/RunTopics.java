package io.headway.bench;

import io.headway.testing.LocalStack;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Topics of a benchmark run's own, so nothing it produces reaches the services a developer runs on the stack. */
final class RunTopics {

    /** What runs while the topics exist. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private RunTopics() {
    }

    /** Creates the topics (6 partitions each), runs {@code body}, and deletes them, whatever happened. */
    static void around(List<String> topics, Body body) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()))) {
            admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, 6, (short) 1)).toList()).all().get();
            try {
                body.run();
            } finally {
                admin.deleteTopics(topics).all().get();
            }
        }
    }
}
