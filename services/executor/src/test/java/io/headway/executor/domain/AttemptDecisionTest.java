package io.headway.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.headway.events.ControlAction;
import io.headway.events.ControlIntent;
import io.headway.executor.domain.AttemptDecision.End;
import io.headway.executor.domain.AttemptDecision.HandBack;
import io.headway.executor.domain.AttemptDecision.Retry;
import io.headway.executor.run.RunOutcome;
import io.headway.templates.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AttemptDecisionTest {

    private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofSeconds(1),
            Duration.ofSeconds(10), 2, 0);
    private static final RunOutcome.Failed EXIT_3 = new RunOutcome.Failed("exit code 3", 3, true, "item=5");

    @Test
    void aRetryableFailureWithAttemptsLeftIsRetriedAfterTheBackoffFromItsCheckpoint() {
        assertThat(after(2, EXIT_3, Optional.empty(), false))
                .isEqualTo(new Retry(3, Duration.ofSeconds(2), "exit code 3", "item=5"));
    }

    @Test
    void aFailureThatEndsTheJobSaysItCouldBeRetriedOnlyWhileAttemptsWereLeft() {
        assertThat(after(3, EXIT_3, Optional.empty(), false)).as("at the limit")
                .isEqualTo(new End(new RunOutcome.Failed("exit code 3", 3, false, "item=5")));
        assertThat(after(1, EXIT_3, Optional.empty(), true)).as("a stopping executor retries nothing")
                .isEqualTo(new End(new RunOutcome.Failed("exit code 3", 3, true, "item=5")));
    }

    @Test
    void aFailureThatCannotBeRetriedEndsTheJobAtOnce() {
        RunOutcome.Failed memory = new RunOutcome.Failed("memory limit exceeded", 137, false, null);

        assertThat(after(1, memory, Optional.empty(), false)).isEqualTo(new End(memory));
    }

    @Test
    void successTimeoutAndCancelEndTheJobAsTheyAre() {
        for (RunOutcome outcome : new RunOutcome[] {new RunOutcome.Succeeded("done"),
                new RunOutcome.TimedOut(300, null), new RunOutcome.Cancelled("wrong input", "alice", null)}) {
            assertThat(after(1, outcome, Optional.empty(), false)).isEqualTo(new End(outcome));
        }
    }

    @Test
    void anAttemptCancelledWhileTheExecutorStopsIsHandedBack() {
        RunOutcome.Cancelled stopped = new RunOutcome.Cancelled("executor shutting down", "executor-1", "item=5");

        assertThat(after(1, stopped, Optional.empty(), true)).isEqualTo(new HandBack());
    }

    @Test
    void aFailureOfAJobSomeoneCancelledEndsItAsCancelledInsteadOfRetrying() {
        assertThat(after(1, EXIT_3, Optional.of(intent(ControlAction.CANCEL)), false))
                .isEqualTo(new End(new RunOutcome.Cancelled("no longer needed", "alice", "item=5")));
        assertThat(after(1, EXIT_3, Optional.of(intent(ControlAction.PAUSE)), false)).isInstanceOf(Retry.class);
    }

    @Test
    void aCancelDuringTheBackoffEndsTheJobWithItsCheckpoint() {
        assertThat(AttemptDecision.cancelRequested(Optional.of(intent(ControlAction.CANCEL)), "item=5"))
                .contains(new RunOutcome.Cancelled("no longer needed", "alice", "item=5"));
        assertThat(AttemptDecision.cancelRequested(Optional.of(intent(ControlAction.RESUME)), "item=5")).isEmpty();
        assertThat(AttemptDecision.cancelRequested(Optional.empty(), null)).isEmpty();
    }

    @Test
    void theNextAttemptResumesFromTheLatestKnownCheckpointWhenTheFailedOneSavedNone() {
        Retry retry = new Retry(2, Duration.ZERO, "exit code 1", null);

        assertThat(retry.checkpointOr("item=3")).isEqualTo("item=3");
        assertThat(new Retry(2, Duration.ZERO, "exit code 1", "item=4").checkpointOr("item=3")).isEqualTo("item=4");
    }

    @Property
    void noJobIsAttemptedMoreOftenThanItsPolicyAllows(@ForAll("outcomes") RunOutcome outcome,
            @ForAll @IntRange(min = 1, max = 6) int maxAttempts, @ForAll @IntRange(min = 1, max = 8) int attempt,
            @ForAll boolean stopping, @ForAll @DoubleRange(max = 0.99) double random) {
        RetryPolicy policy = new RetryPolicy(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(5), 2, 0.2);

        AttemptDecision decision = AttemptDecision.after(attempt, outcome, policy, Optional.empty(), stopping,
                () -> random);

        switch (decision) {
            case Retry retry -> {
                assertThat(outcome).isInstanceOfSatisfying(RunOutcome.Failed.class,
                        failed -> assertThat(failed.retryable()).isTrue());
                assertThat(stopping).isFalse();
                assertThat(retry.attempt()).isEqualTo(attempt + 1).isLessThanOrEqualTo(maxAttempts);
                assertThat(retry.delay()).isBetween(Duration.ZERO, Duration.ofSeconds(6));
            }
            case HandBack handBack -> {
                assertThat(stopping).isTrue();
                assertThat(outcome).isInstanceOf(RunOutcome.Cancelled.class);
            }
            case End end -> {
                assertThat(end.outcome().lastCheckpoint()).isEqualTo(outcome.lastCheckpoint());
                if (end.outcome() instanceof RunOutcome.Failed failed) {
                    assertThat(failed.retryable()).as("retryable only while attempts are left")
                            .isEqualTo(((RunOutcome.Failed) outcome).retryable() && attempt < maxAttempts);
                }
            }
        }
    }

    @Provide
    Arbitrary<RunOutcome> outcomes() {
        Arbitrary<String> checkpoints = Arbitraries.of("item=1", "item=7").injectNull(0.3);
        return Arbitraries.oneOf(
                checkpoints.map(RunOutcome.Succeeded::new),
                Arbitraries.of(true, false).flatMap(retryable -> checkpoints.map(
                        c -> new RunOutcome.Failed("exit code 1", 1, retryable, c))),
                checkpoints.map(c -> new RunOutcome.Cancelled("stop", "bob", c)),
                checkpoints.map(c -> new RunOutcome.TimedOut(1000, c)));
    }

    private static AttemptDecision after(int attempt, RunOutcome outcome, Optional<ControlIntent> intent,
            boolean stopping) {
        return AttemptDecision.after(attempt, outcome, THREE_ATTEMPTS, intent, stopping, () -> 0.5);
    }

    private static ControlIntent intent(ControlAction action) {
        return new ControlIntent(UUID.randomUUID(), "job-1", "acme", action, "no longer needed", "alice",
                Instant.parse("2030-01-01T00:00:00Z"));
    }
}
