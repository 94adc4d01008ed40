package io.headway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The chaos cases as tests: for each process of the stack, a pipeline run (250 events/s, 200 jobs, 100 WebSocket
 * clients, four demo jobs on the executor) in which it is killed with SIGKILL ten seconds into the measured part and
 * started again. Each asserts the accounting: every event reached the clients and is in the history exactly once,
 * every job's final state is the reducer's fold of its events, every executor job succeeded exactly once. How long
 * the recovery took is printed in the run's report, never asserted.
 *
 * <p>Tagged {@code chaos}: not in the default build. It needs the chaos stack and its services running, with the
 * stack's addresses in the environment, which {@code headway.sh chaos --test} provides; a fault run against a
 * developer's stack would kill their services.
 */
@Tag("chaos")
class ChaosTest {

    @ParameterizedTest(name = "{0} killed mid-run")
    @ValueSource(strings = {"aggregator", "gateway", "executor", "eta-predictor", "kafka", "redis", "postgres"})
    void nothingIsLostOrCountedTwiceWhenAProcessIsKilled(String process) throws Exception {
        PipelineBenchmark run = CommandLine.populateCommand(new PipelineBenchmark(),
                "--rate", "250", "--seconds", "40", "--idle-seconds", "0", "--executor-jobs", "4",
                "--fault", process + "@10",
                "--gateway", "http://127.0.0.1:" + env("HEADWAY_GATEWAY_PORT"),
                "--stack-dir", env("HEADWAY_STACK_DIR"));

        Map<String, Object> line = run.measure();

        assertThat(section(line, "fault").get("injected")).as("the fault struck").isEqualTo(true);
        assertThat(line.get("notDelivered")).as("events no client ever saw").isEqualTo(0L);
        Map<?, ?> history = section(line, "history");
        assertThat(history.get("events")).as("events in the history").isEqualTo(history.get("expected"));
        assertThat(history.get("distinct")).as("distinct events in the history").isEqualTo(history.get("expected"));
        Map<?, ?> finals = section(line, "finalStates");
        assertThat(finals.get("equalToFold")).as("final states equal to the fold of their events")
                .isEqualTo(finals.get("jobs"));
        assertThat(finals.get("endedWithEveryUnit")).as("jobs ended with every unit sent")
                .isEqualTo(finals.get("jobs"));
        Map<?, ?> executed = section(line, "executorJobs");
        assertThat(executed.get("succeeded")).as("executor jobs that succeeded").isEqualTo(4L);
        assertThat(executed.get("completedTwice")).as("executor jobs run twice to completion").isEqualTo(0L);
    }

    private static Map<?, ?> section(Map<String, Object> line, String name) {
        return (Map<?, ?>) line.get(name);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: run the chaos tests with headway.sh chaos --test");
        }
        return value;
    }
}
