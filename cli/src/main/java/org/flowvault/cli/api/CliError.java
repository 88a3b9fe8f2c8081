package org.flowvault.cli.api;

/** A user error of a CLI command: printed as "Error: message" with exit code 1, no stack trace. */
public final class CliError extends RuntimeException {
    public CliError(String message) {
        super(message);
    }
}
