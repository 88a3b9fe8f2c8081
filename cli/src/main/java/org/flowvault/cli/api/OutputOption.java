package org.flowvault.cli.api;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code -o, --output text|json}, mixed into every command that reads: text for people (tables
 * with headers for lists), JSON for scripts. Both mask secrets with {@link Output#MASK}.
 */
public final class OutputOption {
    /** The accepted values, for completion and the error message. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("text", "json").iterator();
        }
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Formats.class,
            description = "text (for people; lists are tables with headers, the default) or json (for scripts, e.g. with jq).")
    String format;

    /** True for {@code --output json}. */
    public boolean json() {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new CliError("--output is text or json");
        };
    }

    /** Prints {@code value} as JSON with {@code --output json}, else lets {@code text} print it for people. */
    public void print(PrintStream out, Object value, Consumer<PrintStream> text) {
        if (json()) {
            Output.printJson(out, value);
        } else {
            text.accept(out);
        }
    }

    /** Prints {@code value} as JSON, or else as the table {@code table}. */
    public void print(PrintStream out, Object value, Table table) {
        print(out, value, table::print);
    }
}
