package io.headway.cli;

/** What the command's exit status means, for scripts. */
final class ExitCode {

    /** Done; a followed job succeeded. */
    static final int OK = 0;
    /** A followed job failed, or the command did. */
    static final int FAILED = 1;
    /** The command was used wrongly, or the gateway refused the request as wrong. */
    static final int USAGE = 2;
    /** A followed job was cancelled. */
    static final int CANCELLED = 3;
    /** A followed job timed out. */
    static final int TIMED_OUT = 4;
    /** The gateway could not be reached, or refused the key. */
    static final int UNREACHABLE = 5;

    private ExitCode() {
    }

    /** The exit status for a job that ended with {@code status}. */
    static int of(String status) {
        return switch (status) {
            case "SUCCEEDED" -> OK;
            case "CANCELLED" -> CANCELLED;
            case "TIMED_OUT" -> TIMED_OUT;
            default -> FAILED;
        };
    }
}
