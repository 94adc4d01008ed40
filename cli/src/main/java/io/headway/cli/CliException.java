package io.headway.cli;

/** A failure to report in one line and end with {@code exitCode}. */
final class CliException extends RuntimeException {

    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
