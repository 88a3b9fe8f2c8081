package org.flowvault.cli;

import org.flowvault.cli.logging.LogFormat;
import picocli.CommandLine.Option;

/** {@code --log-format} of the commands that run a server (mixed in). */
final class LogOptions {
    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:FLOWVAULT_LOG_FORMAT:-text}",
            description = "Log lines on standard error as text, or json (one object per line with run and request ids), "
                    + "masked either way (default: ${DEFAULT-VALUE}; env FLOWVAULT_LOG_FORMAT).")
    LogFormat format = LogFormat.text;

    /** Switches logging to the chosen format; call first thing in the command. */
    void apply() {
        format.apply();
    }
}
