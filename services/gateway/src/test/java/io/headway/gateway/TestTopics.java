package io.headway.gateway;

import io.headway.events.kafka.Topics;
import io.headway.testing.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Gives the gateway's tests a job-requests topic of their own: the jobs they submit must never wait on the topic a
 * developer's executor reads, or it would run them all after the tests.
 */
public class TestTopics implements QuarkusTestResourceLifecycleManager {

    public static final String JOB_REQUESTS = Topics.JOB_REQUESTS + ".gateway-tests";

    @Override
    public Map<String, String> start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(JOB_REQUESTS, 6, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + JOB_REQUESTS, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of("headway.gateway.topics.job-requests", JOB_REQUESTS);
    }

    @Override
    public void stop() {
    }
}
