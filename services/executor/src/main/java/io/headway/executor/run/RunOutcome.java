package io.headway.executor.run;

/** How one attempt of a job ended, and the last checkpoint it saved (null if none). */
public sealed interface RunOutcome {

    String lastCheckpoint();

    record Succeeded(String lastCheckpoint) implements RunOutcome {
    }

    /**
     * @param retryable whether another attempt could succeed (a non-zero exit may; a memory-limit breach will not)
     */
    record Failed(String error, Integer exitCode, boolean retryable, String lastCheckpoint) implements RunOutcome {
    }

    record Cancelled(String reason, String cancelledBy, String lastCheckpoint) implements RunOutcome {
    }

    record TimedOut(long timeoutMs, String lastCheckpoint) implements RunOutcome {
    }
}
