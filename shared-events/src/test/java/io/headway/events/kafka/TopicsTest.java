package io.headway.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The topics the local stack creates are the ones the code names, with DESIGN.md's cleanup policies. */
class TopicsTest {

    private static final Path STACK_TOPICS = Path.of("..", "deploy", "local", "kafka", "topics.txt");

    @Test
    void theLocalStackCreatesEveryTopicAndItsDeadLetterTopic() throws IOException {
        Map<String, String> policies = Files.readAllLines(STACK_TOPICS).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .collect(Collectors.toMap(fields -> fields[0], fields -> fields[2]));

        for (String topic : Topics.ALL) {
            boolean compacted = topic.equals(Topics.JOB_CONTROL) || topic.equals(Topics.JOB_STATE)
                    || topic.equals(Topics.EXECUTORS);
            assertThat(policies).containsEntry(topic, "cleanup.policy=" + (compacted ? "compact" : "delete"));
            assertThat(policies).containsEntry(Topics.deadLetter(topic), "cleanup.policy=delete");
        }
        assertThat(policies).hasSize(Topics.ALL.size() * 2);
    }
}
