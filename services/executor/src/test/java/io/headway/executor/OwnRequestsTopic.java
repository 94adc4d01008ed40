package io.headway.executor;

import io.headway.events.kafka.Topics;
import io.headway.testing.LocalStack;
import io.headway.testing.TestIds;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A job-requests topic of the test run's own, made before the executor starts: its share group reads requests from the
 * beginning, as in production, and must not take what others left on the shared topic.
 */
public class OwnRequestsTopic implements QuarkusTestResourceLifecycleManager {

    static final String NAME = Topics.JOB_REQUESTS + "." + TestIds.jobId("executor-test");

    @Override
    public Map<String, String> start() {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(NAME, 6, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + NAME, e);
        }
        return Map.of("headway.executor.topics.job-requests", NAME);
    }

    @Override
    public void stop() {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(NAME)).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not delete " + NAME, e);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()));
    }
}
